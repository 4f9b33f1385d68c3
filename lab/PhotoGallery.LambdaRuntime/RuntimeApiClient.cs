using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace PhotoGallery.LambdaRuntime;

/// <summary>One event handed to the runtime by <c>GET /runtime/invocation/next</c>.</summary>
internal sealed record Invocation(
    string RequestId, long DeadlineUnixMs, string? InvokedFunctionArn, string? TraceId, byte[] Payload);

/// <summary>
/// The runtime's side of the Lambda Runtime API (version 2018-06-01) at <c>AWS_LAMBDA_RUNTIME_API</c>.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private readonly HttpClient _http;

    public RuntimeApiClient(string hostAndPort)
    {
        // The long poll on /next waits as long as the function stays idle: no client-side timeout.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://{hostAndPort}/2018-06-01/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri("invocation/next", UriKind.Relative), cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("The Runtime API sent an event without Lambda-Runtime-Aws-Request-Id.");
        _ = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var deadline);
        return new Invocation(
            requestId,
            deadline,
            Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
            Header(response, "Lambda-Runtime-Trace-Id"),
            await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    /// <returns>False when the Runtime API refused the response as too large (413).</returns>
    public async Task<bool> SendResponseAsync(string requestId, Stream? output, CancellationToken cancellationToken)
    {
        using HttpContent content = output is null ? new ByteArrayContent([]) : new StreamContent(output);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(InvocationUri(requestId, "response"), content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            await Console.Error.WriteLineAsync($"The Runtime API refused the response (413 Payload Too Large): {body}");
            return false;
        }

        await EnsureAsync(response, HttpStatusCode.Accepted, cancellationToken);
        return true;
    }

    public Task ReportInvocationErrorAsync(string requestId, string errorType, byte[] document, CancellationToken cancellationToken) =>
        PostErrorAsync(InvocationUri(requestId, "error"), errorType, document, cancellationToken);

    public Task ReportInitErrorAsync(string errorType, byte[] document, CancellationToken cancellationToken) =>
        PostErrorAsync(new Uri("init/error", UriKind.Relative), errorType, document, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task PostErrorAsync(Uri uri, string errorType, byte[] document, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue(ErrorDocument.ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Accepted, cancellationToken);
    }

    private static Uri InvocationUri(string requestId, string action) =>
        new($"invocation/{Uri.EscapeDataString(requestId)}/{action}", UriKind.Relative);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new HttpRequestException(
            $"The Runtime API answered {(int)response.StatusCode} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}",
            inner: null, response.StatusCode);
    }
}
