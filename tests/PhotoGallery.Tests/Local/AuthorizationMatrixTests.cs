using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using NUnit.Framework;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Local.Users;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

/// <summary>
/// The authorization matrix: every protected route against every kind of token that must not pass, over
/// HTTP through the local gateway. Each is refused with API Gateway's 401 before its function runs (and
/// before its body is read); the genuine token still works, so the matrix can fail both ways.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private RunningHost _host = null!;
    private ManualClock _clock = null!;
    private readonly List<string> _invoked = [];
    private Dictionary<string, string> _tokens = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _clock = new ManualClock();
        _host = await RunningHost.StartAsync(clock: _clock, configureFunctions: functions =>
        {
            foreach (var name in functions.Keys.ToList())
            {
                var inner = functions[name];
                functions[name] = input =>
                {
                    lock (_invoked) _invoked.Add(name);
                    return inner(input);
                };
            }
        });
        var genuine = await _host.Users.IdTokenOfNewUserAsync("alice");
        var backend = _host.Host.Backend;
        var login = await _host.Http.PostAsJsonAsync("/login", new { username = "alice", password = TestGallery.Password });
        var access = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var folder = new TempDirectory();
        var otherKey = LocalSigningKey.LoadOrCreate(Path.Combine(folder.Path, "other.pem"));
        var now = _clock.GetUtcNow();
        Dictionary<string, object> Claims(string audience = "") => new()
        {
            ["sub"] = Guid.NewGuid().ToString(), ["iss"] = backend.Pool.Issuer, ["aud"] = audience.Length > 0 ? audience : backend.Pool.ClientId,
            ["token_use"] = "id", ["cognito:username"] = "alice",
        };
        var parts = genuine.Split('.');
        _tokens = new()
        {
            ["genuine"] = genuine,
            ["garbage"] = "garbage",
            ["unsigned (alg none)"] = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.",
            ["payload tampered"] = $"{parts[0]}.{Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal))}.{parts[2]}",
            ["signed by another key"] = new LocalTokenIssuer(otherKey, backend.Pool, _clock).Create(now, Claims()),
            ["for another app client"] = backend.Tokens.Create(now, Claims(audience: "another-client")),
            ["expired"] = backend.Tokens.Create(now - TimeSpan.FromHours(2), Claims()),
            ["access token"] = access,
        };
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private static IEnumerable<TestCaseData> Matrix() =>
        from route in RouteTable.All.Where(r => r.IsProtected)
        from token in new[] { "none", "garbage", "unsigned (alg none)", "payload tampered", "signed by another key", "for another app client", "expired", "access token" }
        select new TestCaseData(route, token).SetName($"{route.Key} with {token}: 401");

    private static HttpRequestMessage Request(Route route, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path.Replace("{photoId}", "01JD3ZK8Q2V7W4X9Y6T5R3P1NM", StringComparison.Ordinal));
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", token);
        if (route.Method == "POST") request.Content = new StringContent("""{"title":"t","fileName":"a.png","contentType":"image/png","size":10}""", Encoding.UTF8, "application/json");
        return request;
    }

    [TestCaseSource(nameof(Matrix))]
    public async Task ProtectedRoute_TokenThatMustNotPass_401AndTheFunctionNeverRuns(Route route, string token)
    {
        lock (_invoked) _invoked.Clear();

        var response = await _host.Http.SendAsync(Request(route, token == "none" ? null : _tokens[token]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("message", out _), Is.True);
        lock (_invoked) Assert.That(_invoked, Is.Empty);
    }

    [TestCaseSource(typeof(RouteTable), nameof(RouteTable.All))]
    public async Task Route_GenuineIdToken_ReachesItsFunction(Route route)
    {
        lock (_invoked) _invoked.Clear();
        if (!route.IsProtected) return;

        var response = await _host.Http.SendAsync(Request(route, _tokens["genuine"]));

        Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.Unauthorized));
        lock (_invoked) Assert.That(_invoked, Is.EqualTo(new[] { route.Name }));
    }
}
