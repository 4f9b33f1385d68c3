using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using PhotoGallery.Aws;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Functions;

namespace PhotoGallery.Local;

/// <summary>
/// The headers the local host serves the web page with (<see cref="PageSecurity"/>): the same policy as
/// CloudFront's, with the origins this host's page really talks to. The API is the page's own origin unless
/// <c>config.js</c> points elsewhere (a deployed API: then that API, and S3 in its region); photo storage
/// is the host itself with the embedded backends, the bucket (or the S3 emulator) with <c>--backend aws</c>.
/// <c>config.js</c> is read again whenever its time or size changed since the last page, so editing it takes effect
/// on the next reload, and the policy is not rebuilt from the file for every page (that made the page answer about
/// 1.2–2.4× slower than a plain file; docs/performance.md, "Local gateway").
/// </summary>
public sealed partial class LocalPagePolicy(string? frontendDirectory, IReadOnlyList<string> storageOrigins)
{
    /// <summary>The policy for a host on <paramref name="backend"/>: with AWS, the bucket's origins from the environment.</summary>
    public static LocalPagePolicy For(BackendKind backend, string? frontendDirectory) =>
        new(frontendDirectory, backend == BackendKind.Aws ? AwsStorageOrigins(S3Settings.FromEnvironment()) : []);

    public static IReadOnlyList<string> AwsStorageOrigins(S3Settings settings) =>
        settings.ServiceUrl is { } emulator ? [Origin(emulator)] : PageSecurity.S3BucketOrigins(settings.Bucket, settings.Region);

    /// <summary>The policy and the state of <c>config.js</c> it was made from; replaced whole, so a reader sees one pair.</summary>
    private sealed record Made(DateTime Written, long Length, string Policy);

    private Made? _made;

    /// <summary>The Content-Security-Policy for the page as <c>config.js</c> says now.</summary>
    public string ContentSecurityPolicy()
    {
        var config = frontendDirectory is null ? null : new FileInfo(Path.Combine(frontendDirectory, "config.js"));
        var (written, length) = config is { Exists: true } ? (config.LastWriteTimeUtc, config.Length) : (DateTime.MinValue, -1L);
        if (_made is { } made && made.Written == written && made.Length == length) return made.Policy;
        var policy = MakePolicy();
        _made = new Made(written, length, policy);
        return policy;
    }

    private string MakePolicy()
    {
        var storage = new List<string>(storageOrigins);
        var api = new List<string>();
        if (ConfiguredApi() is { } url)
        {
            api.Add(Origin(url));
            // A deployed API hands out presigned URLs of its own bucket, in its region.
            if (ExecuteApiHost().Match(url.Host) is { Success: true } aws)
                storage.AddRange(PageSecurity.AwsRegionOrigins(aws.Groups["region"].Value).Storage);
        }
        return PageSecurity.ContentSecurityPolicy(api, storage);
    }

    /// <summary>Adds the page's headers to a response of the frontend folder (the policy itself on pages only).</summary>
    public void Apply(HttpResponse response, bool isPage)
    {
        response.Headers.XContentTypeOptions = PageSecurity.ContentTypeOptions;
        response.Headers.XFrameOptions = PageSecurity.FrameOptions;
        response.Headers["Referrer-Policy"] = PageSecurity.ReferrerPolicy;
        if (isPage) response.Headers.ContentSecurityPolicy = ContentSecurityPolicy();
    }

    /// <summary>The absolute API URL <c>config.js</c> sets, or <c>null</c> for the page's own origin.</summary>
    private Uri? ConfiguredApi()
    {
        var path = frontendDirectory is null ? null : Path.Combine(frontendDirectory, "config.js");
        if (path is null || !File.Exists(path)) return null;
        // The file's comments show example URLs: only the code counts.
        var match = ApiBaseUrl().Match(Comments().Replace(File.ReadAllText(path), ""));
        return match.Success && Uri.TryCreate(match.Groups["url"].Value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    [GeneratedRegex("""apiBaseUrl\s*:\s*["'`](?<url>[^"'`]*)["'`]""")]
    private static partial Regex ApiBaseUrl();

    /// <summary>Block comments, and lines that are only a comment (a <c>//</c> elsewhere may be inside a URL).</summary>
    [GeneratedRegex(@"/\*.*?\*/|^\s*//[^\n]*", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"^[a-z0-9]+\.execute-api\.(?<region>[a-z0-9-]+)\.amazonaws\.com$")]
    private static partial Regex ExecuteApiHost();
}
