namespace PhotoGallery.Functions;

/// <summary>
/// The security headers the web page is served with, written once for both places that serve it: the
/// local host and, on AWS, CloudFront's response headers policy (the CDK stack). The page runs only its own
/// scripts and styles (no inline script or style, no eval), talks only to the API and to photo storage,
/// shows images from storage, its own files, <c>data:</c> (icons in the stylesheet) and <c>blob:</c> (the
/// upload preview), and may not be framed.
/// </summary>
public static class PageSecurity
{
    public const string ContentTypeOptions = "nosniff";

    /// <summary>For browsers that predate CSP's <c>frame-ancestors</c>.</summary>
    public const string FrameOptions = "DENY";

    /// <summary>The page's address (and a photo's #/photo/ route) is nobody else's business, the API's and S3's included.</summary>
    public const string ReferrerPolicy = "no-referrer";

    /// <summary>HSTS, for HTTPS deployments only: two years, the length preload lists ask for.</summary>
    public static readonly TimeSpan StrictTransportSecurityMaxAge = TimeSpan.FromDays(730);

    /// <summary>
    /// The Content-Security-Policy for the page, given the origins of the API it calls and of the storage its
    /// images and uploads go to (none when they are the page's own origin, as on the local host).
    /// </summary>
    public static string ContentSecurityPolicy(IEnumerable<string> apiOrigins, IEnumerable<string> storageOrigins)
    {
        var storage = storageOrigins.Distinct().ToList();
        var connect = apiOrigins.Concat(storage).Distinct().ToList();
        return string.Join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            Directive("img-src", ["'self'", "data:", "blob:", .. storage]),
            Directive("connect-src", ["'self'", .. connect]),
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
            "frame-ancestors 'none'");
    }

    /// <summary>
    /// The origins an AWS deployment in <paramref name="region"/> answers from, as CSP source expressions:
    /// any REST API of the region, and any bucket of the region under the host names S3 presigns with
    /// (virtual-hosted regional and legacy global, and path-style regional). Wildcards, because the page's policy cannot name
    /// the stack's own API or bucket: both depend, through the bucket's CORS rule, on the distribution that
    /// serves the policy. <paramref name="urlSuffix"/> is <c>amazonaws.com</c> outside China.
    /// </summary>
    public static (string[] Api, string[] Storage) AwsRegionOrigins(string region, string urlSuffix = "amazonaws.com") =>
        ([$"https://*.execute-api.{region}.{urlSuffix}"], [$"https://*.s3.{region}.{urlSuffix}", $"https://*.s3.{urlSuffix}", $"https://s3.{region}.{urlSuffix}"]);

    /// <summary>The origins one bucket's presigned URLs use on AWS: its regional and its global host names.</summary>
    public static string[] S3BucketOrigins(string bucket, string region) =>
        [$"https://{bucket}.s3.{region}.amazonaws.com", $"https://{bucket}.s3.amazonaws.com"];

    private static string Directive(string name, IEnumerable<string> sources) => $"{name} {string.Join(' ', sources)}";
}
