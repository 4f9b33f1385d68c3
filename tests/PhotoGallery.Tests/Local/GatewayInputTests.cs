using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

/// <summary>Hostile input through the local gateway over HTTP: text that is not Unicode, and bodies sent without a token.</summary>
public sealed class GatewayInputTests
{
    private RunningHost _host = null!;

    [SetUp]
    public async Task SetUp() => _host = await RunningHost.StartAsync();

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private static async Task<string> DetailOf(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    [Test]
    public async Task Login_UnpairedSurrogateInJson_400NamingTheFieldNot500()
    {
        // The request of the report: curl -d '{"username":"\ud800","password":"x"}' $API/login
        var response = await _host.Http.PostAsync("/login",
            new StringContent("""{"username":"\ud800","password":"x"}""", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await DetailOf(response), Does.StartWith("'username' must be Unicode text"));
    }

    [Test]
    public async Task SignUp_BodyBytesNotUtf8_400NamingTheField()
    {
        byte[] body = [.. """{"username":"alice","password":"Corr3ct-Horse!","name":"Zo"""u8, 0xEB, .. "\",\"email\":\"a@example.com\"}"u8];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        var response = await _host.Http.PostAsync("/signup", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await DetailOf(response), Does.StartWith("'name' must be Unicode text"));
    }

    [TestCase("/search?q=caf%E9", "q")]
    [TestCase("/search?q=%ED%A0%80", "q")]
    [TestCase("/search?q=sun&cursor=%FF", "cursor")]
    [TestCase("/photos?limit=%C0%AF", "limit")]
    [TestCase("/photos/01JD3ZK8Q2V7W4X9Y6T5R3P1N%ED%A0%80", "photoId")]
    [TestCase("/photos?cursor=%00", "cursor")]
    public async Task PercentEncodedBytesNotUtf8_400NamingTheField(string path, string field)
    {
        var token = await _host.Users.IdTokenOfNewUserAsync("alice");
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", token);

        var response = await _host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await DetailOf(response), Does.StartWith($"'{field}' must be Unicode text"));
    }

    [Test]
    public async Task Search_PercentEncodedUtf8_DecodedOnce()
    {
        var token = await _host.Users.IdTokenOfNewUserAsync("alice");
        var request = new HttpRequestMessage(HttpMethod.Get, "/search?q=caf%C3%A9+%2541");
        request.Headers.TryAddWithoutValidation("Authorization", token);

        var response = await _host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("query").GetString(), Is.EqualTo("café %41"));
    }

    /// <summary>
    /// A stranger's 10 MB body to a protected route is refused on its token alone: the 401 arrives while
    /// the client has sent only its first 64 KiB and is still waiting to send the rest, so the gateway
    /// cannot have read (let alone buffered) the body before deciding.
    /// </summary>
    [TestCase("POST", "/photos", "Bearer forged.token.value")]
    [TestCase("POST", "/photos", null)]
    [TestCase("GET", "/search?q=sun", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    public async Task ProtectedRoute_BadTokenAnd10MBBody_401BeforeTheBodyIsSent(string method, string path, string? token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_host.BaseUrl.Host, _host.BaseUrl.Port);
        var stream = client.GetStream();
        var head = $"{method} {path} HTTP/1.1\r\nHost: {_host.BaseUrl.Authority}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {10 * 1024 * 1024}\r\n{(token is null ? "" : $"Authorization: {token}\r\n")}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[64 * 1024]);
        await stream.FlushAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, timeout.Token);

        var answer = Encoding.ASCII.GetString(buffer, 0, read);
        Assert.That(answer, Does.StartWith("HTTP/1.1 401"), answer);
        Assert.That(answer, Does.Contain("\"message\":\"Unauthorized\""));
    }

    /// <summary>The race of the report, over HTTP: thirty wrong codes at once, and only five are checked.</summary>
    [Test]
    public async Task ConfirmEmail_ThirtyConcurrentWrongCodes_OnlyFiveChecked()
    {
        var signUp = await _host.Http.PostAsJsonAsync("/signup", new { username = "carol", password = TestGallery.Password, name = "Carol", email = "carol@example.com" });
        Assert.That(signUp.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var code = _host.Host.Backend.Users.Outbox().Single().Code;
        var wrong = code == "000000" ? "111111" : "000000";

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => _host.Http.PostAsJsonAsync("/confirmemail", new { username = "carol", code = wrong })));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest), Is.EqualTo(5));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests), Is.EqualTo(25));
    }
}
