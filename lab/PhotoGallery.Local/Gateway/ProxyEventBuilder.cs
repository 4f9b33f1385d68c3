using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Local.Gateway;

/// <summary>
/// Builds the Lambda proxy event (payload format 1.0) API Gateway would send for a request, field by
/// field and with AWS's conventions: single-value maps hold the last value, absent maps are <c>null</c>,
/// <c>requestContext.path</c> carries the stage, the authorizer's claims are all strings.
/// </summary>
public static class ProxyEventBuilder
{
    public const string Stage = "local";
    public const string AccountId = "000000000000";
    public const string ApiId = "local";

    /// <param name="stage">The stage the request came in on (<c>requestContext.stage</c>, and the head of <c>requestContext.path</c>).</param>
    /// <param name="apiId">The REST API's id; the rehearsal passes the one its template was given.</param>
    /// <param name="accountId">The account the API belongs to.</param>
    public static ApiRequest Build(
        IncomingRequest request, Route route, IReadOnlyDictionary<string, string> pathParameters,
        IReadOnlyDictionary<string, string>? claims, string requestId, DateTimeOffset now,
        string stage = Stage, string apiId = ApiId, string accountId = AccountId)
    {
        var headers = GatewayHeaders(request, now);
        var (query, multiQuery) = QueryMaps(request.RawQuery);
        var host = request.Header("Host") ?? "localhost";
        return new ApiRequest
        {
            Resource = route.Path,
            Path = request.Path,
            HttpMethod = request.Method,
            Headers = headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.First().Key, g => g.Last().Value),
            MultiValueHeaders = headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.First().Key, g => g.Select(h => h.Value).ToList()),
            QueryStringParameters = query,
            MultiValueQueryStringParameters = multiQuery,
            PathParameters = pathParameters.Count == 0 ? null : new Dictionary<string, string>(pathParameters),
            StageVariables = null,
            RequestContext = new ApiRequestContext
            {
                ResourceId = ResourceId(route.Path),
                Authorizer = claims is null ? null : new ApiAuthorizer { Claims = new Dictionary<string, string>(claims) },
                ResourcePath = route.Path,
                HttpMethod = request.Method,
                ExtendedRequestId = ExtendedRequestId(),
                RequestTime = now.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
                Path = $"/{stage}{request.Path}",
                AccountId = accountId,
                Protocol = request.Protocol,
                Stage = stage,
                DomainPrefix = host.Split('.', ':')[0],
                RequestTimeEpoch = now.ToUnixTimeMilliseconds(),
                RequestId = requestId,
                Identity = new ApiRequestIdentity { SourceIp = request.SourceIp, UserAgent = request.Header("User-Agent") },
                DomainName = host,
                ApiId = apiId,
            },
            Body = request.Body is { Length: > 0 } body ? Encoding.UTF8.GetString(body) : null,
            IsBase64Encoded = false,
        };
    }

    /// <summary>The client's headers plus the ones API Gateway adds (forwarding and trace headers).</summary>
    private static List<KeyValuePair<string, string>> GatewayHeaders(IncomingRequest request, DateTimeOffset now)
    {
        var headers = request.Headers.ToList();
        var forwardedFor = request.Header("X-Forwarded-For");
        headers.RemoveAll(h => h.Key.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase));
        headers.Add(new("X-Forwarded-For", forwardedFor is null ? request.SourceIp : $"{forwardedFor}, {request.SourceIp}"));
        var port = request.Header("Host")?.Split(':') is [_, var p] ? p : "80";
        headers.Add(new("X-Forwarded-Port", port));
        headers.Add(new("X-Forwarded-Proto", "http"));
        headers.Add(new("X-Amzn-Trace-Id", $"Root=1-{now.ToUnixTimeSeconds():x8}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}"));
        return headers;
    }

    /// <summary>Both query maps, or both <c>null</c> when the URL has no query string (as AWS sends them).</summary>
    public static (Dictionary<string, string>? Single, Dictionary<string, List<string>>? Multi) QueryMaps(string rawQuery)
    {
        var text = rawQuery.TrimStart('?');
        if (text.Length == 0) return (null, null);
        var multi = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (!multi.TryGetValue(name, out var values)) multi[name] = values = [];
            values.Add(value);
        }
        return (multi.ToDictionary(p => p.Key, p => p.Value[^1], StringComparer.Ordinal), multi);
    }

    private static string Decode(string text) => PercentEncoding.Decode(text, plusIsSpace: true);

    /// <summary>A stable six-character id per resource, like API Gateway's resource ids.</summary>
    private static string ResourceId(string resource) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resource)))[..6];

    private static string ExtendedRequestId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(10))[..15] + "=";
}
