namespace PhotoGallery.Core.Http;

/// <summary>
/// The CORS headers every response carries. Proxy integrations must add them themselves: API Gateway
/// only answers the preflight. Tokens travel in the Authorization header, never in cookies, so any
/// origin may call the API.
/// </summary>
public static class Cors
{
    public const string AllowOrigin = "*";
    public const string AllowHeaders = "Content-Type,Authorization,X-Amz-Date,X-Api-Key,X-Amz-Security-Token";
    public const string AllowMethods = "GET,POST,OPTIONS";
    public const string MaxAgeSeconds = "600";

    /// <summary>Headers on every API response.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ResponseHeaders()
    {
        yield return new("Access-Control-Allow-Origin", AllowOrigin);
        yield return new("Access-Control-Allow-Headers", AllowHeaders);
        yield return new("Access-Control-Allow-Methods", AllowMethods);
    }

    /// <summary>Headers on a preflight (OPTIONS) answer.</summary>
    public static IEnumerable<KeyValuePair<string, string>> PreflightHeaders()
    {
        foreach (var header in ResponseHeaders()) yield return header;
        yield return new("Access-Control-Max-Age", MaxAgeSeconds);
    }
}
