using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>An event on its way to the runtime, and the runtime's answer to it.</summary>
internal sealed class PendingInvocation(string requestId, byte[] payload, string functionArn, string traceId, DateTimeOffset deadline)
{
    public string RequestId { get; } = requestId;
    public byte[] Payload { get; } = payload;
    public string FunctionArn { get; } = functionArn;
    public string TraceId { get; } = traceId;
    public DateTimeOffset Deadline { get; } = deadline;
    public TaskCompletionSource<RuntimeAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>What the runtime posted for an invocation (or for its init).</summary>
internal abstract record RuntimeAnswer;

internal sealed record RuntimeResponse(byte[] Payload) : RuntimeAnswer;

/// <param name="ErrorType">The <c>Lambda-Runtime-Function-Error-Type</c> header, else the document's <c>errorType</c>.</param>
internal sealed record RuntimeError(string? ErrorType, byte[] Document) : RuntimeAnswer;

internal sealed record RuntimeResponseTooLarge(long Bytes) : RuntimeAnswer;

/// <summary>
/// The Lambda Runtime API (2018-06-01) for one function instance, on its own Kestrel listener at
/// 127.0.0.1:&lt;free port&gt;: <c>GET /runtime/invocation/next</c> (a long poll that hands over one event at a
/// time), <c>POST /runtime/invocation/{id}/response</c> and <c>/error</c>, <c>POST /runtime/init/error</c>.
/// Answers as Lambda's does: 202 Accepted, 400 for an unknown request id, 403 for an init error after init,
/// 413 for a response over 6,291,556 bytes.
/// </summary>
internal sealed class RuntimeApiHost : IAsyncDisposable
{
    public const int MaxResponseBytes = LambdaErrors.MaxResponseBytes;
    private const string Prefix = "/2018-06-01/runtime";

    private readonly WebApplication _app;
    private readonly Channel<PendingInvocation> _events = Channel.CreateBounded<PendingInvocation>(1);
    private readonly TaskCompletionSource<long> _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RuntimeError> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private PendingInvocation? _current;

    private RuntimeApiHost(WebApplication app) => _app = app;

    /// <summary>"127.0.0.1:port", the value of <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Completes with the Stopwatch timestamp of the runtime's first <c>/next</c>: its init is over.</summary>
    public Task<long> Ready => _firstNext.Task;

    /// <summary>Completes when the runtime posts to <c>/init/error</c>.</summary>
    public Task<RuntimeError> InitError => _initError.Task;

    public static async Task<RuntimeApiHost> StartAsync(CancellationToken cancellationToken)
    {
        // The empty builder reads no configuration files or ASPNETCORE_ variables and logs nothing: the
        // listener is an internal part of the rehearsal, not an app.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            // The 413 for responses is ours to give, after counting the bytes.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddRoutingCore();
        var host = new RuntimeApiHost(builder.Build());
        host.MapRoutes();
        await host._app.StartAsync(cancellationToken);
        var address = host._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        host.Address = new Uri(address).Authority;
        return host;
    }

    /// <summary>Hands an event to the runtime's next <c>/next</c>; the task completes with its answer.</summary>
    public Task<RuntimeAnswer> DeliverAsync(PendingInvocation invocation)
    {
        if (!_events.Writer.TryWrite(invocation))
            throw new InvalidOperationException("An instance takes one invocation at a time.");
        return invocation.Answer.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private void MapRoutes()
    {
        _app.MapGet($"{Prefix}/invocation/next", NextAsync);
        _app.MapPost($"{Prefix}/invocation/{{requestId}}/response", ResponseAsync);
        _app.MapPost($"{Prefix}/invocation/{{requestId}}/error", ErrorAsync);
        _app.MapPost($"{Prefix}/init/error", InitErrorAsync);
    }

    private async Task NextAsync(HttpContext context)
    {
        _firstNext.TrySetResult(Stopwatch.GetTimestamp());
        PendingInvocation invocation;
        try
        {
            invocation = await _events.Reader.ReadAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return;
        }

        lock (_gate) _current = invocation;
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = invocation.Payload.Length;
        await context.Response.Body.WriteAsync(invocation.Payload, context.RequestAborted);
    }

    private async Task ResponseAsync(HttpContext context)
    {
        if (TakeCurrent(context) is not { } invocation)
        {
            await InvalidRequestIdAsync(context);
            return;
        }

        var (body, total) = await ReadLimitedAsync(context.Request.Body, MaxResponseBytes, context.RequestAborted);
        if (body is null)
        {
            invocation.Answer.TrySetResult(new RuntimeResponseTooLarge(total));
            await WriteAsync(context, HttpStatusCode.RequestEntityTooLarge, new
            {
                errorMessage = $"Exceeded maximum allowed payload size ({MaxResponseBytes} bytes).",
                errorType = "RequestEntityTooLarge",
            });
            return;
        }

        invocation.Answer.TrySetResult(new RuntimeResponse(body));
        await AcceptedAsync(context);
    }

    private async Task ErrorAsync(HttpContext context)
    {
        if (TakeCurrent(context) is not { } invocation)
        {
            await InvalidRequestIdAsync(context);
            return;
        }

        invocation.Answer.TrySetResult(await ReadErrorAsync(context));
        await AcceptedAsync(context);
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        if (_firstNext.Task.IsCompleted)
        {
            await WriteAsync(context, HttpStatusCode.Forbidden, new
            {
                errorMessage = "Invalid state transition: the runtime is past its init phase.",
                errorType = "InvalidStateTransition",
            });
            return;
        }

        _initError.TrySetResult(await ReadErrorAsync(context));
        await AcceptedAsync(context);
    }

    // The answer is for the invocation the runtime holds; anything else is an unknown request id.
    private PendingInvocation? TakeCurrent(HttpContext context)
    {
        var requestId = context.Request.RouteValues["requestId"] as string;
        lock (_gate)
        {
            if (_current is null || _current.RequestId != requestId) return null;
            var invocation = _current;
            _current = null;
            return invocation;
        }
    }

    private static async Task<RuntimeError> ReadErrorAsync(HttpContext context)
    {
        var (body, _) = await ReadLimitedAsync(context.Request.Body, MaxResponseBytes, context.RequestAborted);
        var document = body ?? [];
        var header = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        return new RuntimeError(header.Length > 0 ? header : ErrorTypeIn(document), document);
    }

    private static string? ErrorTypeIn(byte[] document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            return json.RootElement.TryGetProperty("errorType", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <returns>The body, or null with the byte count when it is over <paramref name="limit"/>.</returns>
    private static async Task<(byte[]? Body, long Total)> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total <= limit) kept.Write(buffer, 0, read);
        }

        return total <= limit ? (kept.ToArray(), total) : (null, total);
    }

    private static Task InvalidRequestIdAsync(HttpContext context) =>
        WriteAsync(context, HttpStatusCode.BadRequest, new { errorMessage = "Invalid request ID", errorType = "InvalidRequestID" });

    private static Task AcceptedAsync(HttpContext context) =>
        WriteAsync(context, HttpStatusCode.Accepted, new { status = "OK" });

    private static Task WriteAsync(HttpContext context, HttpStatusCode status, object body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
