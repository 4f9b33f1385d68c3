using System.Net;
using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

/// <summary>
/// The local endpoints (the outbox holds every confirmation code) answer the gallery's own page and
/// programs on this machine, and nobody else: not another site open in the same browser, not a web page
/// whose DNS name was rebound to 127.0.0.1.
/// </summary>
public sealed class LocalOnlyTests
{
    private static readonly string[] Endpoints = ["/_local/outbox", "/_local/info", "/_local/.well-known/jwks.json", "/_local/failures"];

    private RunningHost _host = null!;
    private int _port;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await RunningHost.StartAsync();
        _port = _host.BaseUrl.Port;
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> GetAsync(string path, string? host = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null) request.Headers.Host = host.Replace("PORT", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value.Replace("PORT", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        return _host.Http.SendAsync(request);
    }

    [Test]
    public async Task Endpoint_LikeCurl_ServedWithoutAnyCorsHeader([ValueSource(nameof(Endpoints))] string path)
    {
        var response = await GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
    }

    [TestCase("localhost:PORT")]
    [TestCase("127.0.0.1:PORT")]
    [TestCase("[::1]:PORT")]
    [TestCase("LOCALHOST:PORT")]
    public async Task Outbox_LoopbackHostName_Served(string host)
    {
        var response = await GetAsync("/_local/outbox", host);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("attacker.example:PORT")]
    [TestCase("localhost.attacker.example:PORT")]
    [TestCase("127.0.0.2:PORT")]
    [TestCase("localhost:1")]
    public async Task Outbox_OtherHostName_403SayingWhereItAnswers(string host)
    {
        var response = await GetAsync("/_local/outbox", host);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("LocalOnly"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain($"http://localhost:{_port}"));
    }

    [TestCase("same-origin")]
    [TestCase("none")]
    public async Task Outbox_BrowserOwnPage_Served(string site)
    {
        var response = await GetAsync("/_local/outbox", "localhost:PORT", ("Sec-Fetch-Site", site));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("cross-site")]
    [TestCase("same-site")]
    public async Task Outbox_BrowserOtherSite_403(string site)
    {
        var response = await GetAsync("/_local/outbox", "localhost:PORT", ("Sec-Fetch-Site", site));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [TestCase("http://attacker.example")]
    [TestCase("http://localhost:1")]
    [TestCase("null")]
    public async Task Outbox_OtherOrigin_403(string origin)
    {
        var response = await GetAsync("/_local/outbox", "localhost:PORT", ("Origin", origin));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Outbox_OwnOrigin_Served()
    {
        var response = await GetAsync("/_local/outbox", "127.0.0.1:PORT", ("Origin", "http://127.0.0.1:PORT"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Api_OtherHostOrOrigin_StillAnsweredWithCors()
    {
        // The API is API Gateway's: any origin may call it (tokens are not cookies), whatever the Host.
        var response = await GetAsync("/photos", "attacker.example:PORT", ("Origin", "http://attacker.example"), ("Sec-Fetch-Site", "cross-site"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
    }
}
