using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NUnit.Framework;
using PhotoGallery.Aws;
using PhotoGallery.Aws.Users;
using PhotoGallery.Core.Ports;
using PhotoGallery.Emulators;
using PhotoGallery.Local;
using PhotoGallery.Local.Gateway;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>
/// The <c>--backend aws</c> authorizer on cognito-local, whose tokens carry Cognito's real issuer form
/// (<c>https://cognito-idp.us-east-1.amazonaws.com/&lt;pool&gt;</c>) while it answers at a loopback address:
/// the issuer must come from the pool's discovery document, never from the endpoint's URL.
/// </summary>
[Category(TestCategories.Emulators)]
public sealed class CognitoPoolDiscoveryTests
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private CognitoSettings _settings = null!;
    private string _idToken = null!;

    [OneTimeSetUp]
    public async Task SignInOnAFreshPool()
    {
        var app = await Emulators.Running.CreateUserPoolAsync("discovery-" + Guid.NewGuid().ToString("N")[..8], withSecret: false, default);
        _settings = Emulators.Running.CognitoSettings(app);
        var pool = AwsBackend.UserPool(_settings);
        await pool.SignUpAsync(new NewUser("dora", "Disc0very-doc!", "Dora Discovery", "dora@example.com"), default);
        await pool.ConfirmSignUpAsync("dora", EmulatorSet.ConfirmationCode, "127.0.0.1", default);
        _idToken = (await pool.SignInAsync("dora", "Disc0very-doc!", default)).IdToken;
    }

    [OneTimeTearDown]
    public void ReleaseHttp() => _http.Dispose();

    private CognitoAuthorizer Authorizer() => AwsMode.Authorizer(_settings, TimeProvider.System, _http);

    [Test]
    public async Task GetAsync_CognitoLocal_TheIssuerItsTokensCarryAndItsKey()
    {
        var pool = await new CognitoPoolDiscovery(_http, _settings.Endpoint, _settings.UserPoolId).GetAsync(default);

        Assert.That(pool.Issuer, Is.EqualTo(EmulatorSet.Issuer(_settings.UserPoolId)));
        Assert.That(pool.Issuer, Is.EqualTo(new JsonWebToken(_idToken).Issuer));
        Assert.That(pool.Issuer, Does.Not.StartWith(_settings.Endpoint.ToString().TrimEnd('/')), "the real form, not the emulator's address");
        Assert.That(pool.SigningKeys.Select(k => k.KeyId), Is.EqualTo(new[] { "CognitoLocal" }));
    }

    [Test]
    public async Task Decide_TokenFromSignIn_AuthorizedWithItsClaims()
    {
        var decision = await Authorizer().DecideAsync(_idToken, default);

        Assert.That(decision.Claims, Is.Not.Null, decision.Message);
        Assert.That(decision.Claims!["cognito:username"], Is.EqualTo("dora"));
        Assert.That(decision.Claims["iss"], Is.EqualTo(EmulatorSet.Issuer(_settings.UserPoolId)));
    }

    [Test]
    public async Task Decide_SameClaimsAndKeyUnderAnotherIssuer_Refused()
    {
        // The form the authorizer used to expect, made from the endpoint's URL.
        var endpointIssuer = $"{_settings.Endpoint.ToString().TrimEnd('/')}/{_settings.UserPoolId}";

        var decision = await Authorizer().DecideAsync(Resigned(iss: endpointIssuer), default);

        Assert.That(decision, Is.EqualTo(Authorization.Refused));
    }

    [Test]
    public async Task Decide_SameClaimsAndKeyUnderThePoolsIssuer_Authorized()
    {
        // The control for the test above: re-signing alone does not make a token fail.
        var decision = await Authorizer().DecideAsync(Resigned(iss: EmulatorSet.Issuer(_settings.UserPoolId)), default);

        Assert.That(decision.Claims, Is.Not.Null, decision.Message);
    }

    /// <summary>The signed-in user's ID token with another <c>iss</c>, signed with cognito-local's own private key.</summary>
    private string Resigned(string iss)
    {
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(_idToken.Split('.')[1]))!.AsObject();
        payload["iss"] = iss;
        var keyFile = Path.Combine(EmulatorFolder.Find(), "node_modules", "cognito-local", "lib", "keys", "cognitoLocal.private.json");
        var key = new JsonWebKey(JsonNode.Parse(File.ReadAllText(keyFile))!["jwk"]!.ToJsonString());
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
    }
}
