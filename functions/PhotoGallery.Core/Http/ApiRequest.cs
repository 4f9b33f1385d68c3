using System.Text.Json.Serialization;

namespace PhotoGallery.Core.Http;

/// <summary>
/// An API Gateway REST API Lambda proxy event (payload format 1.0), field by field as AWS sends it.
/// Absent maps arrive as <c>null</c>, not empty: keep that convention when building events.
/// </summary>
public sealed record ApiRequest
{
    public string? Resource { get; init; }
    public string? Path { get; init; }
    public string? HttpMethod { get; init; }
    public Dictionary<string, string>? Headers { get; init; }
    public Dictionary<string, List<string>>? MultiValueHeaders { get; init; }
    public Dictionary<string, string>? QueryStringParameters { get; init; }
    public Dictionary<string, List<string>>? MultiValueQueryStringParameters { get; init; }
    public Dictionary<string, string>? PathParameters { get; init; }
    public Dictionary<string, string>? StageVariables { get; init; }
    public ApiRequestContext? RequestContext { get; init; }
    public string? Body { get; init; }
    public bool IsBase64Encoded { get; init; }

    /// <summary>The route as the route table names it, e.g. <c>GET /photos/{photoId}</c>.</summary>
    [JsonIgnore]
    public string RouteKey => $"{HttpMethod} {Resource}";

    [JsonIgnore]
    public string RequestId => RequestContext?.RequestId ?? "unknown";

    /// <summary>Header lookup ignoring case: API Gateway keeps whatever casing the client sent.</summary>
    public string? Header(string name) => Find(Headers, name);

    public string? Query(string name) => Find(QueryStringParameters, name, StringComparison.Ordinal);

    public string? PathParameter(string name) => Find(PathParameters, name, StringComparison.Ordinal);

    /// <summary>
    /// A query string or path field's value, held to <see cref="WellFormedText"/> (a gateway decodes
    /// percent-encoded bytes that are not UTF-8 as U+FFFD); body fields are read by <see cref="JsonBody"/>.
    /// </summary>
    public string? Text(Field field) => field.Source switch
    {
        FieldSource.Query => WellFormedText.Check(field.Name, Query(field.Name)),
        FieldSource.Path => WellFormedText.Check(field.Name, PathParameter(field.Name)),
        _ => throw new ArgumentException($"'{field.Name}' travels in the body: read it with JsonBody.", nameof(field)),
    };

    /// <summary>The body as text, decoding base64 when API Gateway encoded it.</summary>
    public string? BodyText() =>
        Body is null || !IsBase64Encoded ? Body : System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Body));

    private static string? Find(
        Dictionary<string, string>? map, string name, StringComparison comparison = StringComparison.OrdinalIgnoreCase)
    {
        if (map is null) return null;
        if (map.TryGetValue(name, out var exact)) return exact;
        foreach (var (key, value) in map)
        {
            if (string.Equals(key, name, comparison)) return value;
        }
        return null;
    }
}

public sealed record ApiRequestContext
{
    public string? ResourceId { get; init; }
    public ApiAuthorizer? Authorizer { get; init; }
    public string? ResourcePath { get; init; }
    public string? HttpMethod { get; init; }
    public string? ExtendedRequestId { get; init; }
    public string? RequestTime { get; init; }
    public string? Path { get; init; }
    public string? AccountId { get; init; }
    public string? Protocol { get; init; }
    public string? Stage { get; init; }
    public string? DomainPrefix { get; init; }
    public long RequestTimeEpoch { get; init; }
    public string? RequestId { get; init; }
    public ApiRequestIdentity? Identity { get; init; }
    public string? DomainName { get; init; }
    public string? ApiId { get; init; }
}

/// <summary>What the Cognito user pool authorizer passes on: the token's claims, every value a string.</summary>
public sealed record ApiAuthorizer
{
    public Dictionary<string, string>? Claims { get; init; }
}

public sealed record ApiRequestIdentity
{
    public string? CognitoIdentityPoolId { get; init; }
    public string? AccountId { get; init; }
    public string? CognitoIdentityId { get; init; }
    public string? Caller { get; init; }
    public string? SourceIp { get; init; }
    public string? PrincipalOrgId { get; init; }
    public string? AccessKey { get; init; }
    public string? CognitoAuthenticationType { get; init; }
    public string? CognitoAuthenticationProvider { get; init; }
    public string? UserArn { get; init; }
    public string? UserAgent { get; init; }
    public string? User { get; init; }
}
