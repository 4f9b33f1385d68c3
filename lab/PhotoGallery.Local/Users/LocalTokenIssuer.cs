using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PhotoGallery.Local.Users;

/// <summary>
/// Issues RS256 ID and access tokens with the claims a Cognito user pool puts in them, so the
/// authorizer and the functions see locally what they will see on AWS.
/// </summary>
public sealed class LocalTokenIssuer(LocalSigningKey key, LocalPoolIdentity pool, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public LocalPoolIdentity Pool => pool;

    public (string IdToken, string AccessToken, string RefreshToken) Issue(LocalUser user)
    {
        var now = clock.GetUtcNow();
        var originJti = Guid.NewGuid().ToString();
        var eventId = Guid.NewGuid().ToString();
        var idToken = Create(now, new Dictionary<string, object>
        {
            ["sub"] = user.Sub,
            ["email_verified"] = true,
            ["iss"] = pool.Issuer,
            ["cognito:username"] = user.Username,
            ["origin_jti"] = originJti,
            ["aud"] = pool.ClientId,
            ["event_id"] = eventId,
            ["token_use"] = "id",
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["name"] = user.Name,
            ["email"] = user.Email,
            ["jti"] = Guid.NewGuid().ToString(),
        });
        var accessToken = Create(now, new Dictionary<string, object>
        {
            ["sub"] = user.Sub,
            ["iss"] = pool.Issuer,
            ["client_id"] = pool.ClientId,
            ["origin_jti"] = originJti,
            ["event_id"] = eventId,
            ["token_use"] = "access",
            ["scope"] = "aws.cognito.signin.user.admin",
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["username"] = user.Username,
        });
        // Cognito's refresh token is opaque to clients; so is ours. The lab has no refresh route.
        var refreshToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(48));
        return (idToken, accessToken, refreshToken);
    }

    /// <summary>Signs arbitrary claims with the pool's key (tests use it to forge near-miss tokens).</summary>
    public string Create(DateTimeOffset issuedAt, IDictionary<string, object> claims, TimeSpan? lifetime = null) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = (issuedAt + (lifetime ?? Lifetime)).UtcDateTime,
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.RsaSha256),
        });
}
