using System.Net;
using NUnit.Framework;
using PhotoGallery.Core.Photos;
using PhotoGallery.Functions;
using PhotoGallery.Local;

namespace PhotoGallery.Tests.Local;

/// <summary>
/// What the local host sends with the web page and the stored images: the page's policy (the same as
/// CloudFront's, with this host's origins), nosniff, no framing, no referrer; images as images only.
/// </summary>
public sealed class PageHeadersTests
{
    private TempDirectory _data = null!;
    private TempDirectory _frontend = null!;
    private LocalHost _host = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _data = new TempDirectory();
        _frontend = new TempDirectory();
        File.WriteAllText(Path.Combine(_frontend.Path, "index.html"), "<!doctype html><title>t</title><script type=\"module\" src=\"app.js\"></script>");
        File.WriteAllText(Path.Combine(_frontend.Path, "app.js"), "export {};");
        // As frontend/config.js: comments showing a deployed API's URL, then the same origin ("").
        File.WriteAllText(Path.Combine(_frontend.Path, "config.js"),
            "// On AWS, e.g.:\n//   export default { apiBaseUrl: \"https://abc123.execute-api.us-east-1.amazonaws.com/prod\" };\n" +
            "/* apiBaseUrl: \"https://example.com\" */\nexport default {\n  apiBaseUrl: \"\",\n};\n");
        _host = await LocalHost.StartAsync(new LocalHostOptions
        {
            Port = 0, Host = "127.0.0.1", DataDirectory = _data.Path, FrontendDirectory = _frontend.Path, Console = TextWriter.Null,
        });
        _http = new HttpClient { BaseAddress = _host.BaseUrl };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _data.Dispose();
        _frontend.Dispose();
    }

    [TestCase("/")]
    [TestCase("/index.html")]
    public async Task Page_SameOriginApi_StrictPolicyOfItsOwnOriginAndTheOtherHeaders(string path)
    {
        var response = await _http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Is.EqualTo(PageSecurity.ContentSecurityPolicy([], [])));
        Assert.That(csp, Does.Contain("script-src 'self';").And.Contain("style-src 'self';").And.Contain("frame-ancestors 'none'"));
        Assert.That(csp, Does.Contain("img-src 'self' data: blob:;").And.Contain("connect-src 'self';").And.Contain("default-src 'none'"));
        Assert.That(csp, Does.Not.Contain("unsafe"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False, "HSTS is for HTTPS sites; the local host is plain HTTP");
    }

    [Test]
    public async Task Script_NoSniff()
    {
        var response = await _http.GetAsync("/app.js");

        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
    }

    [Test]
    public async Task Page_ConfigPointsAtADeployedApi_PolicyAllowsThatApiAndS3InItsRegion()
    {
        File.WriteAllText(Path.Combine(_frontend.Path, "config.js"),
            "export default { apiBaseUrl: \"https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod\" };\n");

        var csp = (await _http.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();

        var connect = csp.Split("; ").Single(d => d.StartsWith("connect-src ", StringComparison.Ordinal));
        var images = csp.Split("; ").Single(d => d.StartsWith("img-src ", StringComparison.Ordinal));
        Assert.That(connect, Does.Contain(" https://abc123defg.execute-api.eu-west-1.amazonaws.com"));
        Assert.That(connect, Does.Not.Contain("/prod"));
        Assert.That(connect, Does.Contain(" https://*.s3.eu-west-1.amazonaws.com"));
        Assert.That(images, Does.Contain(" https://*.s3.eu-west-1.amazonaws.com"));
    }

    [Test]
    public async Task Page_ConfigEditedAfterAPage_NextPageHasTheNewPolicy()
    {
        var before = (await _http.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();
        File.WriteAllText(Path.Combine(_frontend.Path, "config.js"),
            "export default { apiBaseUrl: \"https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod\" };\n");

        var after = (await _http.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();

        Assert.That(before, Does.Not.Contain("execute-api"));
        Assert.That(after, Does.Contain(" https://abc123defg.execute-api.eu-west-1.amazonaws.com"));
        Assert.That((await _http.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(after));
    }

    [Test]
    public async Task StoredImages_OriginalAnAttachmentVariantInlineBothNoSniff()
    {
        var id = PhotoId.New(DateTimeOffset.UtcNow);
        var store = _host.Backend.Store;
        var original = PhotoKeys.Original(id, ImageTypes.Png);
        var display = PhotoKeys.Display(id);
        await store.PutAsync(original, TestImages.Png(3, 3), ImageTypes.Png, default);
        await store.PutAsync(display, TestImages.Jpeg(3, 3), ImageTypes.Jpeg, default);

        var originalResponse = await _http.GetAsync(await store.PresignDownloadAsync(original, PhotoLimits.Default.Views, default));
        var displayResponse = await _http.GetAsync(await store.PresignDownloadAsync(display, PhotoLimits.Default.Views, default));

        Assert.That(originalResponse.Content.Headers.ContentDisposition?.ToString(), Is.EqualTo($"attachment; filename=\"{id}.png\""));
        Assert.That(originalResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        Assert.That(displayResponse.Content.Headers.ContentDisposition?.ToString(), Is.EqualTo("inline"));
        Assert.That(displayResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        foreach (var response in new[] { originalResponse, displayResponse })
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
    }
}
