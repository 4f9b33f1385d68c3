using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Local.Storage;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

/// <summary>The local API Gateway over HTTP: routing, authorizer, CORS, limits, storage URLs, persistence.</summary>
public sealed class LocalHostTests
{
    private RunningHost _host = null!;
    private ManualClock _clock = null!;

    [SetUp]
    public async Task SetUp()
    {
        _clock = new ManualClock();
        _host = await RunningHost.StartAsync(clock: _clock);
    }

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token = null, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", token);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    private static async Task<string> MessageOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;

    private static IEnumerable<Route> ProtectedRoutes() => RouteTable.All.Where(r => r.IsProtected);

    [TestCaseSource(nameof(ProtectedRoutes))]
    public async Task ProtectedRoute_NoToken_401UnauthorizedLikeApiGateway(Route route)
    {
        var path = route.Path.Replace("{photoId}", "01JD3ZK8Q2V7W4X9Y6T5R3P1NM", StringComparison.Ordinal);

        var response = await _host.Http.SendAsync(Request(new HttpMethod(route.Method), path, json: route.Method == "POST" ? "{}" : null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await MessageOf(response), Is.EqualTo("Unauthorized"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
    }

    [TestCase("garbage")]
    [TestCase("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    public async Task ProtectedRoute_BadToken_401(string token)
    {
        var response = await _host.Http.SendAsync(Request(HttpMethod.Get, "/photos", token));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ProtectedRoute_ExpiredToken_401()
    {
        var token = await _host.Users.IdTokenOfNewUserAsync("alice");
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var response = await _host.Http.SendAsync(Request(HttpMethod.Get, "/photos", token));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await MessageOf(response), Is.EqualTo("The incoming token has expired"));
    }

    [Test]
    public async Task ProtectedRoute_AccessTokenInsteadOfIdToken_401()
    {
        await _host.Users.ConfirmedUserAsync("alice");
        var login = await _host.Http.PostAsJsonAsync("/login", new { username = "alice", password = TestGallery.Password });
        var access = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        var response = await _host.Http.SendAsync(Request(HttpMethod.Get, "/photos", access));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ProtectedRoute_ValidIdToken_ReachesTheFunction()
    {
        var token = await _host.Users.IdTokenOfNewUserAsync("alice");

        var response = await _host.Http.SendAsync(Request(HttpMethod.Get, "/photos", token));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("x-amzn-RequestId"), Is.True);
    }

    [TestCase("/signup")]
    [TestCase("/photos")]
    [TestCase("/photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM")]
    [TestCase("/search")]
    public async Task Preflight_KnownResource_204WithCorsAndNoAuth(string path)
    {
        var request = Request(HttpMethod.Options, path);
        request.Headers.Add("Origin", "http://example.test");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await _host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Methods").Single(), Does.Contain("POST").And.Contain("GET"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Headers").Single(), Does.Contain("Authorization").And.Contain("Content-Type"));
    }

    [Test]
    public async Task Body_Over10MB_413RequestTooLong()
    {
        var body = new ByteArrayContent(new byte[10 * 1024 * 1024 + 1]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _host.Http.PostAsync("/signup", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await MessageOf(response), Is.EqualTo("Request Too Long"));
    }

    [Test]
    public async Task Body_Over6MBButUnder10MB_413LambdaPayloadLimit()
    {
        var token = await _host.Users.IdTokenOfNewUserAsync("alice");
        var json = $$"""{"title":"big","fileName":"a.png","contentType":"image/png","size":7000000,"image":"{{new string('A', 7_000_000)}}"}""";

        var response = await _host.Http.SendAsync(Request(HttpMethod.Post, "/photos", token, json));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task AddPhoto_LargestDocumentedInlineUpload_201Stored()
    {
        var token = await _host.Users.IdTokenOfNewUserAsync("alice");
        using var request = Request(HttpMethod.Post, "/photos", token, LargestInlineUpload.Body());
        foreach (var (name, value) in ProxyEventBuilderTests.BrowserRequest("").Headers.Where(h => h.Key is not ("Authorization" or "Content-Type" or "Host")))
            request.Headers.TryAddWithoutValidation(name, value);

        var response = await _host.Http.SendAsync(request);

        // The browser's headers ask for gzip, and the host compresses JSON as API Gateway does.
        Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        await using var json = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        var answer = await JsonSerializer.DeserializeAsync<JsonElement>(json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), answer.ToString());
        var photo = answer.GetProperty("photo");
        Assert.That(photo.GetProperty("size").GetInt64(), Is.EqualTo(PhotoLimits.DefaultMaxInlineBytes));
        Assert.That(photo.GetProperty("title").GetString(), Has.Length.EqualTo(PhotoDraft.MaxTitleLength));
    }

    [TestCase("GET", "/nowhere")]
    [TestCase("GET", "/signup")]
    [TestCase("DELETE", "/photos")]
    [TestCase("PUT", "/photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM")]
    public async Task UnknownRouteOrMethod_403MissingAuthenticationToken(string method, string path)
    {
        var response = await _host.Http.SendAsync(Request(new HttpMethod(method), path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await MessageOf(response), Is.EqualTo("Missing Authentication Token"));
    }

    [Test]
    public async Task MalformedJson_400ProblemNever500()
    {
        var response = await _host.Http.SendAsync(Request(HttpMethod.Post, "/signup", json: "{\"username\": "));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
    }

    [Test]
    public async Task FunctionCrashesWithoutAProxyResponse_502LikeApiGateway()
    {
        await using var broken = await RunningHost.StartAsync(configureFunctions: functions =>
            functions["signup"] = _ => throw new InvalidOperationException("boom"));

        var response = await broken.Http.SendAsync(Request(HttpMethod.Post, "/signup", json: "{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(await MessageOf(response), Is.EqualTo("Internal server error"));
    }

    [Test]
    public async Task Storage_TamperedUrl_403SignatureDoesNotMatch()
    {
        var token = await _host.Users.IdTokenOfNewUserAsync("alice");
        var photo = await AddInlineAsync(token);
        var url = photo.GetProperty("originalUrl").GetString()!;

        var tampered = url.Replace("original.png", "thumbnail.jpg", StringComparison.Ordinal);
        var response = await _host.Http.GetAsync(tampered);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<Code>SignatureDoesNotMatch</Code>"));
    }

    [Test]
    public async Task Storage_UnsignedUrl_403AccessDenied()
    {
        var response = await _host.Http.GetAsync("/_local/storage/photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.png");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("AccessDenied"));
    }

    [Test]
    public async Task Storage_ExpiredUrl_403RequestHasExpired()
    {
        var token = await _host.Users.IdTokenOfNewUserAsync("alice");
        var url = (await AddInlineAsync(token)).GetProperty("originalUrl").GetString()!;
        Assert.That((await _host.Http.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // Signed at the start of its window, so valid at most ViewLifetime from now.
        _clock.Advance(PhotoLimits.Default.ViewLifetime + TimeSpan.FromSeconds(1));
        var response = await _host.Http.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Request has expired"));
    }

    [Test]
    public async Task Storage_FormWithOtherContentTypeThanSigned_403AndNothingStored()
    {
        var token = await _host.Users.IdTokenOfNewUserAsync("alice");
        var image = TestImages.Png();
        var start = await _host.Http.SendAsync(Request(HttpMethod.Post, "/photos", token,
            $$"""{"title":"Big","fileName":"b.jpg","contentType":"image/jpeg","size":{{image.Length}}}"""));
        var upload = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upload");
        var fields = upload.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!);
        fields["Content-Type"] = "image/png";

        var response = await _host.Http.SendAsync(UploadForm.Request(HttpMethod.Post, new Uri(upload.GetProperty("url").GetString()!), fields, image));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Policy Condition failed"));
        var root = _host.Host.Backend.Store.Root;
        Assert.That(Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [], Is.Empty);
    }

    [Test]
    public async Task Storage_Preflight_AllowsFormUploadsAndGetsButNoPut()
    {
        var request = Request(HttpMethod.Options, "/_local/storage/");
        request.Headers.Add("Origin", "http://example.test");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await _host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Methods").Single().Split(','), Is.EquivalentTo(new[] { "GET", "POST" }));
    }

    [Test]
    public async Task Storage_PutToAnUploadKey_405NoUploadWithoutAPolicy()
    {
        var request = Request(HttpMethod.Put, "/_local/storage/uploads/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.jpg");
        request.Content = new ByteArrayContent(new byte[100]);

        var response = await _host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Restart_SameDataFolder_UsersPhotosAndBytesStillThere()
    {
        using var folder = new TempDirectory();
        string photoId;
        byte[] image;
        await using (var first = await RunningHost.StartAsync(folder.Path))
        {
            var token = await first.Users.IdTokenOfNewUserAsync("alice");
            image = TestImages.Png(9, 9);
            photoId = (await AddInlineAsync(token, first, image)).GetProperty("photoId").GetString()!;
        }

        await using var second = await RunningHost.StartAsync(folder.Path);
        var token2 = await second.Users.IdTokenAsync("alice");
        var get = await second.Http.SendAsync(Request(HttpMethod.Get, $"/photos/{photoId}", token2));
        var url = (await get.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photo").GetProperty("originalUrl").GetString();

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await second.Http.GetByteArrayAsync(url), Is.EqualTo(image));
    }

    [Test]
    public async Task LocalEndpoints_OutboxJwksAndInfo_Served()
    {
        await _host.Http.PostAsJsonAsync("/signup", new { username = "ann", password = TestGallery.Password, name = "Ann", email = "ann@example.com" });

        var outbox = await _host.Http.GetFromJsonAsync<JsonElement>("/_local/outbox");
        var jwks = await _host.Http.GetFromJsonAsync<JsonElement>("/_local/.well-known/jwks.json");
        var info = await _host.Http.GetFromJsonAsync<JsonElement>("/_local/info");

        var message = outbox.EnumerateArray().Single();
        Assert.That(message.GetProperty("username").GetString(), Is.EqualTo("ann"));
        Assert.That(message.GetProperty("email").GetString(), Is.EqualTo("ann@example.com"));
        Assert.That(message.GetProperty("code").GetString(), Does.Match("^[0-9]{6}$"));
        Assert.That(message.GetProperty("sentAt").GetString(), Does.EndWith("Z"));
        Assert.That(jwks.GetProperty("keys")[0].GetProperty("alg").GetString(), Is.EqualTo("RS256"));
        Assert.That(info.GetProperty("mode").GetString(), Is.EqualTo("local"));
        Assert.That(info.GetProperty("passwordRules").GetArrayLength(), Is.EqualTo(5));
    }

    private async Task<JsonElement> AddInlineAsync(string token, RunningHost? host = null, byte[]? image = null)
    {
        image ??= TestImages.Png();
        var json = JsonSerializer.Serialize(new
        {
            title = "Harbour", fileName = "h.png", contentType = "image/png", size = image.Length, image = Convert.ToBase64String(image),
        });
        var response = await (host ?? _host).Http.SendAsync(Request(HttpMethod.Post, "/photos", token, json));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photo");
    }
}
