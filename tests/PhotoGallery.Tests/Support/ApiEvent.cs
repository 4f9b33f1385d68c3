using System.Text.Json;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;

namespace PhotoGallery.Tests.Support;

/// <summary>A fluent builder for API Gateway proxy events, shaped like the ones the gateway sends.</summary>
public sealed class ApiEvent
{
    private readonly Route _route;
    private string _path;
    private readonly Dictionary<string, string> _headers = new() { ["Accept"] = "application/json" };
    private readonly Dictionary<string, string> _query = [];
    private readonly Dictionary<string, string> _pathParameters = [];
    private Dictionary<string, string>? _claims;
    private string? _body;
    private bool _base64;
    private string _sourceIp = "198.51.100.7";

    private ApiEvent(Route route)
    {
        _route = route;
        _path = route.Path;
    }

    /// <summary>An event for the route the named function serves (<c>signup</c>, <c>getphoto</c>, ...).</summary>
    public static ApiEvent For(string function) => new(RouteTable.ByName(function));

    public ApiEvent WithJson(string json)
    {
        _body = json;
        _headers["Content-Type"] = "application/json";
        return this;
    }

    public ApiEvent WithBody(object body) => WithJson(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    public ApiEvent WithBase64Body(string base64)
    {
        _body = base64;
        _base64 = true;
        return this;
    }

    public ApiEvent WithQuery(string name, string value)
    {
        _query[name] = value;
        return this;
    }

    public ApiEvent WithPhotoId(string photoId)
    {
        _pathParameters["photoId"] = photoId;
        _path = _route.Path.Replace("{photoId}", photoId, StringComparison.Ordinal);
        return this;
    }

    /// <summary>Claims as the Cognito authorizer passes them for this user's ID token.</summary>
    public ApiEvent AsUser(string username, string? email = null, string? name = null)
    {
        _claims = new Dictionary<string, string>
        {
            ["sub"] = Guid.NewGuid().ToString(),
            ["cognito:username"] = username,
            ["email"] = email ?? $"{username}@example.com",
            ["email_verified"] = "true",
            ["name"] = name ?? username,
            ["token_use"] = "id",
        };
        return this;
    }

    /// <summary>The client's address as API Gateway saw it (<c>requestContext.identity.sourceIp</c>).</summary>
    public ApiEvent FromSource(string ip)
    {
        _sourceIp = ip;
        return this;
    }

    public ApiRequest Build() => new()
    {
        Resource = _route.Path,
        Path = _path,
        HttpMethod = _route.Method,
        Headers = new Dictionary<string, string>(_headers),
        MultiValueHeaders = _headers.ToDictionary(h => h.Key, h => new List<string> { h.Value }),
        QueryStringParameters = _query.Count == 0 ? null : new Dictionary<string, string>(_query),
        MultiValueQueryStringParameters = _query.Count == 0 ? null : _query.ToDictionary(q => q.Key, q => new List<string> { q.Value }),
        PathParameters = _pathParameters.Count == 0 ? null : new Dictionary<string, string>(_pathParameters),
        RequestContext = new ApiRequestContext
        {
            RequestId = Guid.NewGuid().ToString(),
            Stage = "test",
            ResourcePath = _route.Path,
            HttpMethod = _route.Method,
            Authorizer = _claims is null ? null : new ApiAuthorizer { Claims = _claims },
            Identity = new ApiRequestIdentity { SourceIp = _sourceIp },
        },
        Body = _body,
        IsBase64Encoded = _base64,
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(Build(), GalleryJson.Web.ApiRequest);
}
