using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;

namespace PhotoGallery.Local.Gateway;

/// <summary>
/// A local API Gateway (REST API, Lambda proxy integrations) driven by the route table: it answers CORS
/// preflights, enforces the payload limits, runs the Cognito authorizer on protected routes, builds the
/// proxy event, calls the function's stream entry point and turns its proxy response back into HTTP.
/// </summary>
public sealed class ApiGatewayEmulator(
    IReadOnlyList<Route> routes, IReadOnlyDictionary<string, LambdaHandler> functions, CognitoAuthorizer authorizer,
    TimeProvider clock, TextWriter console)
{
    /// <summary>API Gateway's request payload limit.</summary>
    public const long MaxBodyBytes = 10 * 1024 * 1024;

    /// <summary>Lambda's synchronous invocation payload limit: the whole event, not just the body.</summary>
    public const long MaxEventBytes = PhotoLimits.LambdaRequestPayloadBytes;

    /// <summary>True when the path belongs to an API resource (whatever the method).</summary>
    public bool IsApiPath(PathString path) => RouteTable.ResourceOf(path.Value ?? "/", routes) is not null;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (HttpMethods.IsOptions(request.Method) && RouteTable.ResourceOf(path, routes) is not null)
        {
            await GatewayResponses.PreflightAsync(context);
            return;
        }
        if (RouteTable.Find(request.Method, RawPath(context), routes) is not var (route, parameters))
        {
            await GatewayResponses.MissingAuthenticationTokenAsync(context);
            return;
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            await GatewayResponses.RequestTooLongAsync(context);
            return;
        }
        // The token is checked before a byte of the body is read: a stranger's 10 MB body to a protected
        // route costs no memory (Kestrel discards what was sent, unread, after the 401).
        Dictionary<string, string>? claims = null;
        if (route.IsProtected)
        {
            Authorization decision;
            try
            {
                decision = await authorizer.DecideAsync(request.Headers.Authorization.ToString(), context.RequestAborted);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                // With --backend aws the issuer and keys come from the user pool; if they cannot be had, nothing can be authorized.
                await console.WriteLineAsync($"[gateway] {route.Key}: could not get the user pool's issuer and keys: {e.GetType().Name}: {e.Message}");
                await GatewayResponses.InternalServerErrorAsync(context);
                return;
            }
            if (decision.Claims is null)
            {
                await GatewayResponses.UnauthorizedAsync(context, decision.Message);
                return;
            }
            claims = decision.Claims;
        }
        var body = await ReadBodyAsync(request, context.RequestAborted);
        if (body is null)
        {
            await GatewayResponses.RequestTooLongAsync(context);
            return;
        }

        var requestId = Guid.NewGuid().ToString();
        var proxyEvent = ProxyEventBuilder.Build(Incoming(context, body), route, parameters, claims, requestId, clock.GetUtcNow());
        await InvokeAsync(context, route, proxyEvent);
    }

    private async Task InvokeAsync(HttpContext context, Route route, ApiRequest proxyEvent)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(proxyEvent, GalleryJson.Web.ApiRequest);
        if (payload.Length > MaxEventBytes)
        {
            await console.WriteLineAsync(
                $"[gateway] {route.Key}: the event is {payload.Length} bytes, over Lambda's 6 MB limit; use the presigned upload for large photos.");
            await GatewayResponses.RequestTooLongAsync(context);
            return;
        }

        ApiResponse? response;
        try
        {
            await using var output = await functions[route.Name](new MemoryStream(payload));
            response = await JsonSerializer.DeserializeAsync(output, GalleryJson.Web.ApiResponse, context.RequestAborted);
        }
        catch (Exception e)
        {
            // Lambda reports a crashed function to API Gateway, which answers 502; so do we, and say why here.
            await console.WriteLineAsync($"[gateway] {route.Key}: the function failed or returned no proxy response: {e.GetType().Name}: {e.Message}");
            response = null;
        }
        if (response is not { StatusCode: >= 100 and <= 599 })
        {
            await GatewayResponses.InternalServerErrorAsync(context);
            return;
        }
        context.Response.Headers["x-amzn-RequestId"] = proxyEvent.RequestId;
        await WriteAsync(context.Response, response);
    }

    private static async Task WriteAsync(HttpResponse http, ApiResponse response)
    {
        http.StatusCode = response.StatusCode;
        foreach (var (name, values) in response.MultiValueHeaders ?? []) http.Headers[name] = values.ToArray();
        foreach (var (name, value) in response.Headers ?? []) http.Headers[name] = value;
        if (response.Body is null) return;
        var bytes = response.IsBase64Encoded ? Convert.FromBase64String(response.Body) : Encoding.UTF8.GetBytes(response.Body);
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes);
    }

    /// <summary>The body, or <c>null</c> when it is over API Gateway's 10 MB limit (the rehearsal's gateway reads it so too).</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The path as the client sent it, still percent-encoded, so that each path parameter is decoded once
    /// (by the route) and bytes that are not UTF-8 reach the function as U+FFFD instead of as escapes.
    /// </summary>
    private static string RawPath(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/') return context.Request.Path.Value ?? "/";
        var question = target.IndexOf('?');
        return question < 0 ? target : target[..question];
    }

    private static IncomingRequest Incoming(HttpContext context, byte[] body)
    {
        var request = context.Request;
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        return new IncomingRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", headers, body,
            context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1", request.Protocol);
    }
}
