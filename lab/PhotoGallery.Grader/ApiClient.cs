using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PhotoGallery.Grader;

/// <summary>One request and its answer, kept so later checks (CORS headers) and reports can cite it.</summary>
public sealed record Exchange(string Method, string Path, int Status, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The body as JSON, or <c>null</c> when it is not JSON.</summary>
    public JsonElement? Json
    {
        get
        {
            try
            {
                return Body.Length == 0 ? null : JsonDocument.Parse(Body).RootElement;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>Declared as JSON (application/json or application/problem+json) and parses as JSON.</summary>
    public bool IsJson => ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && Json is not null;

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? StringProperty(string name) =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>"POST /signup → 400 {"code":"InvalidPassword",...}", cut short, for reports.</summary>
    /// <summary>
    /// Why the first try of this request got no answer, when this answer is the second try's (see
    /// <see cref="ApiClient"/>): a POST the deployment did carry out the first time may answer otherwise the second
    /// (a user or photo that exists already), and the check's detail must say so.
    /// </summary>
    public string? FirstTryDropped { get; init; }

    public string Describe()
    {
        var body = Text.Length > 160 ? Text[..160] + "…" : Text;
        var gateway = this.FromGateway() && this.ErrorType() is { } type ? $" (API Gateway's own answer, {type})" : "";
        var retried = FirstTryDropped is { } reason ? $" (to a second try: the first got no answer, {reason})" : "";
        return $"{Method} {Path} → {Status}{(body.Length > 0 ? " " + body.ReplaceLineEndings(" ") : "")}{gateway}{retried}";
    }
}

/// <summary>
/// HTTP to the deployment under test, with a timeout per request and a log of every exchange. A request
/// API Gateway throttles (429) is tried again after a pause, a few times, before its answer counts.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _base;
    private readonly List<Exchange> _history = [];
    private readonly Lock _gate = new();

    /// <summary>Pauses before each new try of a throttled request: a stage's burst limit refills within a second or two.</summary>
    private static readonly TimeSpan[] ThrottlePauses = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>The pause before the one new try of a request that got no answer at all.</summary>
    private static readonly TimeSpan DroppedPause = TimeSpan.FromSeconds(1);

    public ApiClient(Uri api, TimeSpan timeout)
    {
        _base = api.ToString().TrimEnd('/');
        _http = new HttpClient { Timeout = timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("PhotoGallery-Grader/1.0");
    }

    public IReadOnlyList<Exchange> History
    {
        get
        {
            lock (_gate) return [.. _history];
        }
    }

    /// <summary>A request to an API path (e.g. <c>/photos?limit=1</c>) under the deployment's base URL.</summary>
    public Task<Exchange> SendAsync(HttpMethod method, string path, string? json = null, string? token = null,
        IEnumerable<(string Name, string Value)>? headers = null, CancellationToken cancellationToken = default) =>
        SendToAsync(_base, method, path, json, token, headers, record: true, cancellationToken);

    /// <summary>
    /// A request under another base URL (a stage the grader tries) or one the checks should not cite: not
    /// part of the API's history.
    /// </summary>
    public Task<Exchange> ProbeAsync(string baseUrl, HttpMethod method, string path, string? json = null, CancellationToken cancellationToken = default) =>
        SendToAsync(baseUrl.TrimEnd('/'), method, path, json, token: null, headers: null, record: false, cancellationToken);

    private async Task<Exchange> SendToAsync(string baseUrl, HttpMethod method, string path, string? json, string? token,
        IEnumerable<(string Name, string Value)>? headers, bool record, CancellationToken cancellationToken)
    {
        var extra = headers?.ToList() ?? [];
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(method, baseUrl + path);
            if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", token);
            foreach (var (name, value) in extra) request.Headers.TryAddWithoutValidation(name, value);
            return request;
        }
        for (var attempt = 0; ; attempt++)
        {
            var reply = await ExchangeTwiceIfDroppedAsync(Request, path, cancellationToken);
            if (!reply.Throttled() || attempt == ThrottlePauses.Length)
            {
                if (record)
                {
                    lock (_gate) _history.Add(reply);
                }
                return reply;
            }
            await Task.Delay(ThrottlePauses[attempt], cancellationToken);
        }
    }

    /// <summary>
    /// A request that got no answer at all (the connection reset or closed under it) is tried once more, a second
    /// later, so that a blip of the network between grader and deployment costs no points; a deployment that drops
    /// it again fails the check with the reason.
    /// </summary>
    private async Task<Exchange> ExchangeTwiceIfDroppedAsync(Func<HttpRequestMessage> request, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await ExchangeAsync(request(), path, record: false, cancellationToken);
        }
        catch (HttpRequestException failure) when (NoAnswer(failure))
        {
            await Task.Delay(DroppedPause, cancellationToken);
            return await ExchangeAsync(request(), path, record: false, cancellationToken) with { FirstTryDropped = Reason(failure) };
        }
    }

    /// <summary>
    /// The connection refused, reset or closed before an answer came: what a blip of the network does. An unknown
    /// host, a TLS failure or an answer that is not HTTP would fail the same way again, and are not tried twice.
    /// </summary>
    private static bool NoAnswer(HttpRequestException failure) =>
        failure.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.Unknown;

    /// <summary>A GET of an absolute URL (a presigned image URL, a local outbox); not part of the API's history.</summary>
    public Task<Exchange> GetUrlAsync(string url, CancellationToken cancellationToken = default) =>
        ExchangeTwiceIfDroppedAsync(() => new HttpRequestMessage(HttpMethod.Get, url), new Uri(url).AbsolutePath, cancellationToken);

    private async Task<Exchange> ExchangeAsync(HttpRequestMessage request, string path, bool record, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await _http.SendAsync(request, cancellationToken))
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = response.Headers.Concat(response.Content.Headers)
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
            var exchange = new Exchange(request.Method.Method, path, (int)response.StatusCode, headers,
                response.Content.Headers.ContentType?.ToString(), body);
            if (record)
            {
                lock (_gate) _history.Add(exchange);
            }
            return exchange;
        }
    }

    /// <summary>
    /// Why a request got no answer, with the transport's own reason: HttpClient's message alone ("An error occurred
    /// while sending the request.") does not tell a refused connection from a reset one or an unknown host.
    /// </summary>
    public static string Reason(HttpRequestException failure) =>
        failure.GetBaseException() is var cause && cause != failure && !failure.Message.Contains(cause.Message, StringComparison.Ordinal)
            ? $"{failure.Message} ({cause.Message})"
            : failure.Message;

    public void Dispose() => _http.Dispose();
}
