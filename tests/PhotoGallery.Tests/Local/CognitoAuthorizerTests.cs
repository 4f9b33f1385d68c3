using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using NUnit.Framework;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Local.Users;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

public sealed class CognitoAuthorizerTests
{
    private TestGallery _gallery = null!;
    private string _idToken = null!;
    private string _accessToken = null!;

    [SetUp]
    public async Task SetUp()
    {
        _gallery = new TestGallery();
        await _gallery.ConfirmedUserAsync("alice");
        var session = await _gallery.Backend.Users.SignInAsync("alice", TestGallery.Password, default);
        (_idToken, _accessToken) = (session.IdToken, session.AccessToken);
    }

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private Task<Dictionary<string, string>?> AuthorizeAsync(string? header) =>
        _gallery.Backend.Authorizer().AuthorizeAsync(header, default);

    private Dictionary<string, object> ValidClaims() => new()
    {
        ["sub"] = Guid.NewGuid().ToString(), ["iss"] = _gallery.Backend.Pool.Issuer, ["aud"] = _gallery.Backend.Pool.ClientId,
        ["token_use"] = "id", ["cognito:username"] = "alice",
    };

    [Test]
    public async Task AuthorizeAsync_IdToken_ClaimsAsStringsWithDatesLikeApiGateway()
    {
        var claims = await AuthorizeAsync(_idToken);

        Assert.That(claims, Is.Not.Null);
        Assert.That(claims!["cognito:username"], Is.EqualTo("alice"));
        Assert.That(claims["email"], Is.EqualTo("alice@example.com"));
        Assert.That(claims["email_verified"], Is.EqualTo("true"));
        Assert.That(claims["token_use"], Is.EqualTo("id"));
        Assert.That(claims["exp"], Is.EqualTo("Sun Nov 22 09:00:00 UTC 2026"));
        Assert.That(claims["iat"], Is.EqualTo("Sun Nov 22 08:00:00 UTC 2026"));
        Assert.That(claims["auth_time"], Does.Match("^[0-9]+$"));
    }

    [Test]
    public async Task AuthorizeAsync_BearerPrefix_Accepted() =>
        Assert.That(await AuthorizeAsync("Bearer " + _idToken), Is.Not.Null);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("Bearer ")]
    [TestCase("not-a-jwt")]
    [TestCase("a.b.c")]
    [TestCase("eyJhbGciOiJub25lIn0.eyJ0b2tlbl91c2UiOiJpZCJ9.")]
    public async Task AuthorizeAsync_MissingOrMalformed_Refused(string? header) =>
        Assert.That(await AuthorizeAsync(header), Is.Null);

    [Test]
    public async Task AuthorizeAsync_Expired_Refused()
    {
        _gallery.Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.That(await AuthorizeAsync(_idToken), Is.Null);
    }

    [Test]
    public async Task DecideAsync_Expired_SaysSoLikeApiGateway()
    {
        _gallery.Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.That(await _gallery.Backend.Authorizer().DecideAsync(_idToken, default), Is.EqualTo(Authorization.Expired));
    }

    [Test]
    public async Task DecideAsync_ExpiredAndForged_PlainlyUnauthorized()
    {
        using var folder = new TempDirectory();
        var otherKey = LocalSigningKey.LoadOrCreate(Path.Combine(folder.Path, "other.pem"));
        var forged = new LocalTokenIssuer(otherKey, _gallery.Backend.Pool, _gallery.Clock).Create(_gallery.Clock.GetUtcNow(), ValidClaims());
        _gallery.Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.That(await _gallery.Backend.Authorizer().DecideAsync(forged, default), Is.EqualTo(Authorization.Refused));
    }

    [Test]
    public async Task AuthorizeAsync_AccessTokenWhereIdTokenExpected_Refused() =>
        Assert.That(await AuthorizeAsync(_accessToken), Is.Null);

    [Test]
    public async Task AuthorizeAsync_TamperedPayload_Refused()
    {
        var parts = _idToken.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.That(await AuthorizeAsync(forged), Is.Null);
    }

    [Test]
    public async Task AuthorizeAsync_SignedByAnotherKey_Refused()
    {
        using var folder = new TempDirectory();
        var otherKey = LocalSigningKey.LoadOrCreate(Path.Combine(folder.Path, "other.pem"));
        var issuer = new LocalTokenIssuer(otherKey, _gallery.Backend.Pool, _gallery.Clock);

        Assert.That(await AuthorizeAsync(issuer.Create(_gallery.Clock.GetUtcNow(), ValidClaims())), Is.Null);
    }

    [Test]
    public async Task AuthorizeAsync_WrongAudience_Refused()
    {
        var claims = ValidClaims();
        claims["aud"] = "some-other-app-client";

        Assert.That(await AuthorizeAsync(_gallery.Backend.Tokens.Create(_gallery.Clock.GetUtcNow(), claims)), Is.Null);
    }

    [Test]
    public async Task AuthorizeAsync_WrongIssuer_Refused()
    {
        var claims = ValidClaims();
        claims["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other";

        Assert.That(await AuthorizeAsync(_gallery.Backend.Tokens.Create(_gallery.Clock.GetUtcNow(), claims)), Is.Null);
    }

    [Test]
    public async Task AuthorizeAsync_ForgedValidClaims_AcceptedSoTheNearMissesAboveAreMeaningful() =>
        Assert.That(await AuthorizeAsync(_gallery.Backend.Tokens.Create(_gallery.Clock.GetUtcNow(), ValidClaims())), Is.Not.Null);

    [Test]
    public async Task AuthorizeAsync_HmacSignedWithPublicKey_Refused()
    {
        // The classic algorithm-confusion attack: HS256 keyed with the RSA public key.
        var header = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT"}""");
        var exp = _gallery.Clock.GetUtcNow().AddMinutes(30).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"{{_gallery.Backend.Pool.Issuer}}","aud":"{{_gallery.Backend.Pool.ClientId}}","token_use":"id","cognito:username":"alice","exp":{{exp}}}""");
        var key = System.Text.Encoding.UTF8.GetBytes(_gallery.Backend.SigningKey.Jwks());
        var signature = Base64UrlEncoder.Encode(HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes($"{header}.{payload}")));

        Assert.That(await AuthorizeAsync($"{header}.{payload}.{signature}"), Is.Null);
    }

    [Test]
    public async Task AuthorizeAsync_GenuineWithoutExpiry_Refused()
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = ValidClaims(),
            SigningCredentials = new SigningCredentials(_gallery.Backend.SigningKey.SecurityKey, SecurityAlgorithms.RsaSha256),
        });

        Assert.That(Base64UrlEncoder.Decode(token.Split('.')[1]), Does.Not.Contain("\"exp\""));
        Assert.That(await AuthorizeAsync(token), Is.Null);
    }

    [Test]
    public async Task DecideAsync_RememberedTokenPastItsExpiry_ExpiredLikeAnyOther()
    {
        var authorizer = _gallery.Backend.Authorizer();
        Assert.That((await authorizer.DecideAsync(_idToken, default)).Claims, Is.Not.Null);
        Assert.That((await authorizer.DecideAsync(_idToken, default)).Claims, Is.Not.Null);

        _gallery.Clock.Advance(TimeSpan.FromMinutes(60));

        Assert.That(await authorizer.DecideAsync(_idToken, default), Is.EqualTo(Authorization.Expired));
        Assert.That(await authorizer.DecideAsync("Bearer " + _idToken, default), Is.EqualTo(Authorization.Expired));
    }

    [Test]
    public async Task DecideAsync_RememberedToken_OneCharacterChangedIsCheckedInFull()
    {
        var authorizer = _gallery.Backend.Authorizer();
        Assert.That((await authorizer.DecideAsync(_idToken, default)).Claims, Is.Not.Null);
        var parts = _idToken.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal);
        var signature = parts[2][..^1] + (parts[2][^1] == 'A' ? 'Q' : 'A');

        Assert.That(await authorizer.DecideAsync($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}", default), Is.EqualTo(Authorization.Refused));
        Assert.That(await authorizer.DecideAsync($"{parts[0]}.{parts[1]}.{signature}", default), Is.EqualTo(Authorization.Refused));
        Assert.That(await authorizer.DecideAsync($"{parts[0]}.{parts[1]}.{parts[2]}x", default), Is.EqualTo(Authorization.Refused));
    }

    [Test]
    public async Task DecideAsync_KeysChangedAfterATokenWasRemembered_TokenCheckedAgainstTheNewKeys()
    {
        using var folder = new TempDirectory();
        var otherKey = LocalSigningKey.LoadOrCreate(Path.Combine(folder.Path, "other.pem"));
        var keys = new List<SecurityKey> { _gallery.Backend.SigningKey.SecurityKey };
        var authorizer = new CognitoAuthorizer(
            _ => Task.FromResult(new TrustedPool(_gallery.Backend.Pool.Issuer, [.. keys])), _gallery.Backend.Pool.ClientId, _gallery.Clock);
        Assert.That((await authorizer.DecideAsync(_idToken, default)).Claims, Is.Not.Null);

        keys[0] = otherKey.SecurityKey;

        Assert.That(await authorizer.DecideAsync(_idToken, default), Is.EqualTo(Authorization.Refused));
    }

    [Test]
    public async Task DecideAsync_IssuerChangedAfterATokenWasRemembered_TokenCheckedAgainstTheNewIssuer()
    {
        var keys = new List<SecurityKey> { _gallery.Backend.SigningKey.SecurityKey };
        var issuer = _gallery.Backend.Pool.Issuer;
        var authorizer = new CognitoAuthorizer(
            _ => Task.FromResult(new TrustedPool(issuer, keys)), _gallery.Backend.Pool.ClientId, _gallery.Clock);
        Assert.That((await authorizer.DecideAsync(_idToken, default)).Claims, Is.Not.Null);

        // The same key objects, another pool's issuer: the remembered verdict does not carry over.
        issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Another";

        Assert.That(await authorizer.DecideAsync(_idToken, default), Is.EqualTo(Authorization.Refused));
    }

    [Test]
    public async Task DecideAsync_RememberedToken_ClaimsAreACopyEachTime()
    {
        var authorizer = _gallery.Backend.Authorizer();
        var first = (await authorizer.DecideAsync(_idToken, default)).Claims!;
        first["cognito:username"] = "mallory";

        var second = (await authorizer.DecideAsync(_idToken, default)).Claims!;
        second["cognito:username"] = "mallory";

        Assert.That((await authorizer.DecideAsync(_idToken, default)).Claims!["cognito:username"], Is.EqualTo("alice"));
    }

    [Test]
    public async Task DecideAsync_MoreValidTokensThanRemembered_AllStillAccepted()
    {
        var authorizer = _gallery.Backend.Authorizer();
        var tokens = Enumerable.Range(0, CognitoAuthorizer.MaxRemembered + 5)
            .Select(_ => _gallery.Backend.Tokens.Create(_gallery.Clock.GetUtcNow(), ValidClaims())).ToList();

        foreach (var token in tokens) Assert.That((await authorizer.DecideAsync(token, default)).Claims, Is.Not.Null);
        foreach (var token in tokens.Take(10)) Assert.That((await authorizer.DecideAsync(token, default)).Claims, Is.Not.Null);
    }

    [Test]
    public async Task Jwks_PublishedKey_VerifiesIssuedTokens()
    {
        var jwks = new JsonWebKeySet(_gallery.Backend.SigningKey.Jwks());
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();

        var result = await handler.ValidateTokenAsync(_idToken, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(), ValidIssuer = _gallery.Backend.Pool.Issuer,
            ValidAudience = _gallery.Backend.Pool.ClientId, LifetimeValidator = (_, _, _, _) => true,
        });

        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        Assert.That(jwks.Keys.Single().Kty, Is.EqualTo("RSA"));
        Assert.That(jwks.Keys.Single().HasPrivateKey, Is.False);
    }

    [Test]
    public async Task SignInAsync_AfterRestart_SameKeyStillVerifies()
    {
        var reopened = PhotoGallery.Local.LocalBackend.Open(_gallery.DataDirectory, () => new Uri("http://127.0.0.1:9/"), _gallery.Clock, TextWriter.Null);

        Assert.That(await reopened.Authorizer().AuthorizeAsync(_idToken, default), Is.Not.Null);
        Assert.That(reopened.Pool, Is.EqualTo(_gallery.Backend.Pool));
        await reopened.Users.SignInAsync("alice", TestGallery.Password, default);
    }
}
