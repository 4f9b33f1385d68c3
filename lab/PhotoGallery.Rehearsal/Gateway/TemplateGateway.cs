using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Routing;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Rehearsal.Lambda;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Gateway;

/// <summary>
/// API Gateway (REST API, Lambda proxy integrations) exactly as the template declares it, served under
/// <c>/&lt;stage&gt;/…</c>: resources and methods from the template (not the route table), the Cognito
/// authorizer on the methods that name it, MOCK integrations, gateway responses, the Lambda permissions
/// API Gateway needs to invoke a function, the 10 MB payload limit and the integration timeout.
/// </summary>
public sealed class TemplateGateway : IAsyncDisposable
{
    /// <summary>API Gateway's request payload limit.</summary>
    public const long MaxBodyBytes = ApiGatewayEmulator.MaxBodyBytes;

    /// <summary>Response headers API Gateway does not pass through from a function: it renames them <c>x-amzn-Remapped-*</c>.</summary>
    private static readonly HashSet<string> RemappedHeaders = new(["Connection", "Content-Length", "Date", "Server", "Transfer-Encoding"], StringComparer.OrdinalIgnoreCase);

    private readonly RestApiModel _api;
    private readonly Func<string, byte[], CancellationToken, Task<InvocationResult>> _invoke;
    private readonly TimeProvider _clock;
    private readonly TextWriter _log;
    private readonly string _region;
    private readonly string _accountId;
    private readonly Dictionary<string, (UserPoolAuthorizer? Authorizer, string? Problem)> _authorizers;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _host;

    /// <param name="invoke">Lambda's Invoke: function ARN, event payload → the invocation's outcome.</param>
    /// <param name="http">For the user pools' JWKS.</param>
    public TemplateGateway(
        RestApiModel api, IReadOnlyList<ProvisionedUserPool> pools,
        Func<string, byte[], CancellationToken, Task<InvocationResult>> invoke,
        TimeProvider clock, TextWriter log, HttpClient http, string region, string accountId)
    {
        _api = api;
        _invoke = invoke;
        _clock = clock;
        // Requests are served concurrently; one line each must not interleave.
        _log = TextWriter.Synchronized(log);
        _region = region;
        _accountId = accountId;
        var keys = pools.ToDictionary(p => p.UserPoolId, p => new PoolKeys(http, p.JwksUrl), StringComparer.Ordinal);
        _authorizers = api.Methods.Select(m => m.Authorizer).OfType<ApiAuthorizerModel>().DistinctBy(a => a.Name)
            .ToDictionary(a => a.Name, a => UserPoolAuthorizer.Create(a, pools, keys, clock), StringComparer.Ordinal);
    }

    /// <summary>Hosts the gateway alone on 127.0.0.1 and a free port; returns its base address (the stage is not in it).</summary>
    public async Task<Uri> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _host = builder.Build();
        _host.Run(HandleAsync);
        await _host.StartAsync(cancellationToken);
        return new Uri(_host.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync();
        if (_host is not null) await _host.DisposeAsync();
    }

    /// <summary>One request, answered as API Gateway would; one log line: method, path, status, function, time.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var started = _clock.GetTimestamp();
        var trace = new RequestTrace(Guid.NewGuid().ToString());
        context.Response.Headers["x-amzn-RequestId"] = trace.RequestId;
        try
        {
            await ServeAsync(context, trace);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            trace.Problem = "the client went away";
        }
        var elapsed = _clock.GetElapsedTime(started);
        await _log.WriteLineAsync(
            $"[gateway] {context.Request.Method} {context.Request.Path}{context.Request.QueryString} → {context.Response.StatusCode} " +
            $"{trace.Function ?? "-"} {elapsed.TotalMilliseconds:0} ms{(trace.Problem is null ? "" : " — " + trace.Problem)}");
    }

    private async Task ServeAsync(HttpContext context, RequestTrace trace)
    {
        if (PathInStage(context.Request.Path.Value ?? "/") is not { } path)
        {
            await AnswerAsync(context, GatewayAnswer.UnknownStage);
            return;
        }
        var body = await ApiGatewayEmulator.ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await AnswerAsync(context, GatewayAnswer.RequestTooLarge);
            return;
        }
        if (ResourceMatcher.Find(_api.Methods, context.Request.Method, path) is not { Method: { } method } match)
        {
            await AnswerAsync(context, GatewayAnswer.MissingAuthenticationToken);
            return;
        }
        var (claims, refusal) = await AuthorizeAsync(context, method, trace);
        if (refusal is not null)
        {
            await AnswerAsync(context, refusal);
            return;
        }
        switch (method.Integration.Type)
        {
            case "MOCK":
                Mock(context, method.Integration);
                break;
            case "AWS_PROXY":
                await ProxyAsync(context, trace, method, match, Incoming(context, path, body), claims);
                break;
            default:
                trace.Problem = $"integration type {method.Integration.Type} is not rehearsed";
                await AnswerAsync(context, GatewayAnswer.ApiConfigurationError);
                break;
        }
    }

    /// <summary>The path after <c>/&lt;stage&gt;</c>, or <c>null</c> when the path does not start with the API's stage.</summary>
    private string? PathInStage(string path)
    {
        var prefix = "/" + _api.StageName;
        if (path == prefix) return "/";
        return path.StartsWith(prefix + "/", StringComparison.Ordinal) ? path[prefix.Length..] : null;
    }

    private async Task<(Dictionary<string, string>? Claims, GatewayAnswer? Refusal)> AuthorizeAsync(
        HttpContext context, ApiMethod method, RequestTrace trace)
    {
        switch (method.AuthorizationType)
        {
            case "NONE":
                return (null, null);
            case "COGNITO_USER_POOLS" when method.Authorizer is null:
                trace.Problem = "the method is COGNITO_USER_POOLS but names no authorizer";
                return (null, GatewayAnswer.AuthorizerConfigurationError);
            case "COGNITO_USER_POOLS":
                var (authorizer, problem) = _authorizers[method.Authorizer.Name];
                if (authorizer is null)
                {
                    trace.Problem = problem;
                    return (null, GatewayAnswer.AuthorizerConfigurationError);
                }
                try
                {
                    var decision = await authorizer.DecideAsync(context.Request.Headers[authorizer.HeaderName].ToString(), context.RequestAborted);
                    return decision.Claims is null ? (null, GatewayAnswer.Unauthorized(decision.Message)) : (decision.Claims, null);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
                {
                    trace.Problem = $"the user pool's keys could not be fetched: {e.Message}";
                    return (null, GatewayAnswer.AuthorizerConfigurationError);
                }
            default:
                // AWS_IAM needs SigV4 signatures of callers the rehearsal does not have; CUSTOM needs a Lambda authorizer.
                trace.Problem = $"authorization type {method.AuthorizationType} is not rehearsed";
                return (null, GatewayAnswer.AuthorizerConfigurationError);
        }
    }

    private static void Mock(HttpContext context, ApiIntegration integration)
    {
        context.Response.StatusCode = integration.MockStatus;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in integration.MockHeaders) context.Response.Headers[name] = value;
    }

    private async Task ProxyAsync(HttpContext context, RequestTrace trace, ApiMethod method, ResourceMatch match,
        IncomingRequest request, Dictionary<string, string>? claims)
    {
        var functionArn = method.Integration.FunctionArn!;
        trace.Function = functionArn.Split(":function:") is [_, var name] ? name : functionArn;
        var sourceArn = InvokePermissions.SourceArn(_region, _accountId, _api.RestApiId, _api.StageName, request.Method, request.Path);
        if (!InvokePermissions.Allows(_api.InvokeGrants, functionArn, sourceArn))
        {
            trace.Problem = $"no Lambda permission lets apigateway.amazonaws.com invoke {functionArn} from {sourceArn} (AWS::Lambda::Permission missing or its SourceArn does not match)";
            await AnswerAsync(context, GatewayAnswer.ApiConfigurationError);
            return;
        }
        var route = new Route(trace.Function, "", method.HttpMethod, match.ResourcePath, claims is null ? RouteAuth.None : RouteAuth.CognitoUserPool);
        var proxyEvent = ProxyEventBuilder.Build(request, route, match.PathParameters, claims, trace.RequestId, _clock.GetUtcNow(),
            _api.StageName, _api.RestApiId, _accountId);
        var payload = JsonSerializer.SerializeToUtf8Bytes(proxyEvent, GalleryJson.Web.ApiRequest);
        var result = await InvokeAsync(functionArn, payload, method.Integration.Timeout, trace, context.RequestAborted);
        if (result is null)
        {
            await AnswerAsync(context, trace.TimedOut ? GatewayAnswer.IntegrationTimeout : GatewayAnswer.ApiConfigurationError);
            return;
        }
        await AnswerInvocationAsync(context, trace, result);
    }

    /// <summary>The invocation's result, or <c>null</c> when it outlived the integration timeout or Lambda itself failed.</summary>
    private async Task<InvocationResult?> InvokeAsync(string functionArn, byte[] payload, TimeSpan timeout, RequestTrace trace, CancellationToken aborted)
    {
        // The timer starts before the call: API Gateway's clock runs from the moment it calls Lambda.
        using var deadline = new CancellationTokenSource(timeout, _clock);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, aborted);
        // Lambda keeps running a function API Gateway stopped waiting for, so the invocation is not cancelled with the request.
        var invocation = _invoke(functionArn, payload, _stopping.Token);
        try
        {
            return await invocation.WaitAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            trace.TimedOut = true;
            trace.Problem = $"the function did not answer within the integration timeout of {timeout.TotalSeconds:0.###} s";
            _ = invocation.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            trace.Problem = $"the Lambda service failed: {e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    private async Task AnswerInvocationAsync(HttpContext context, RequestTrace trace, InvocationResult result)
    {
        switch (result.Outcome)
        {
            case InvocationOutcome.Success:
                var (response, problem) = ProxyResponse.Read(result.Payload ?? []);
                if (response is null)
                {
                    trace.Problem = $"malformed Lambda proxy response: {problem}";
                    await AnswerAsync(context, GatewayAnswer.BadGateway);
                    return;
                }
                await WriteAsync(context, ResponseCompression.Apply(response, context.Request, _api.MinimumCompressionSize));
                return;
            case InvocationOutcome.RequestTooLarge:
                trace.Problem = "the event is over Lambda's 6 MB request limit";
                await AnswerAsync(context, GatewayAnswer.RequestTooLarge);
                return;
            default:
                trace.Problem = $"the function failed: {result.Outcome} {result.ErrorType}: {result.ErrorMessage}";
                await AnswerAsync(context, GatewayAnswer.BadGateway);
                return;
        }
    }

    private static async Task WriteAsync(HttpContext context, ProxyResponse response)
    {
        var http = context.Response;
        http.StatusCode = response.StatusCode;
        // API Gateway answers application/json unless the function says otherwise.
        http.ContentType = "application/json";
        foreach (var (name, values) in response.Headers)
            http.Headers[RemappedHeaders.Contains(name) ? "x-amzn-Remapped-" + name : name] = values.ToArray();
        http.Headers["x-amz-apigw-id"] = ApiGatewayId();
        http.Headers["X-Amzn-Trace-Id"] = $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
        if (response.StatusCode is 204 or 304 || HttpMethods.IsHead(context.Request.Method)) return;
        http.ContentLength = response.Body.Length;
        await http.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    /// <summary>An answer of API Gateway's own, with the headers of the gateway response the template declares for it.</summary>
    private async Task AnswerAsync(HttpContext context, GatewayAnswer answer)
    {
        var http = context.Response;
        var declared = answer.DeclaredResponse(_api.GatewayResponses);
        http.StatusCode = declared?.StatusCode ?? answer.Status;
        foreach (var (name, value) in declared?.Headers ?? new Dictionary<string, string>())
        {
            var resolved = HeaderValue(value, context.Request);
            if (resolved is not null) http.Headers[name] = resolved;
        }
        http.Headers["x-amzn-ErrorType"] = answer.ErrorType;
        http.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = answer.Message }));
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>A gateway response header: a literal, or a value mapped from the request (<c>method.request.header.Origin</c>).</summary>
    private static string? HeaderValue(string mapping, HttpRequest request)
    {
        const string FromHeader = "method.request.header.";
        if (!mapping.StartsWith(FromHeader, StringComparison.Ordinal)) return mapping;
        var value = request.Headers[mapping[FromHeader.Length..]].ToString();
        return value.Length == 0 ? null : value;
    }

    private static IncomingRequest Incoming(HttpContext context, string path, byte[] body)
    {
        var request = context.Request;
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        return new IncomingRequest(request.Method, path, request.QueryString.Value ?? "", headers, body,
            context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1", request.Protocol);
    }

    private static string ApiGatewayId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12))[..15] + "=";

    /// <summary>What the log line says about one request.</summary>
    private sealed class RequestTrace(string requestId)
    {
        public string RequestId { get; } = requestId;

        public string? Function { get; set; }

        public string? Problem { get; set; }

        public bool TimedOut { get; set; }
    }
}
