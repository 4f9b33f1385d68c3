using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PhotoGallery.Local.Gateway;

/// <summary>What a user pool publishes for checking its tokens: the issuer they name and the keys that sign them.</summary>
public sealed record TrustedPool(string Issuer, IReadOnlyList<SecurityKey> SigningKeys);

/// <summary>
/// Emulates API Gateway's Cognito user pool authorizer: the Authorization header must hold an ID token
/// (raw, or after "Bearer ") signed by the pool's key, unexpired, from the pool's issuer, for the app
/// client. The claims it passes on are strings, with <c>exp</c> and <c>iat</c> written as dates, as on AWS.
/// </summary>
public sealed class CognitoAuthorizer
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly Func<CancellationToken, Task<TrustedPool>> _pool;
    private readonly string _clientId;
    private readonly TimeProvider _clock;

    /// <param name="pool">The pool's issuer and keys, as it publishes them (fetched when first needed).</param>
    public CognitoAuthorizer(Func<CancellationToken, Task<TrustedPool>> pool, string clientId, TimeProvider clock)
    {
        _pool = pool;
        _clientId = clientId;
        _clock = clock;
    }

    /// <summary>For a pool whose issuer is known in advance (the local pool names its own).</summary>
    public CognitoAuthorizer(
        string issuer, string clientId, Func<CancellationToken, Task<IReadOnlyList<SecurityKey>>> signingKeys, TimeProvider clock)
        : this(async cancellationToken => new TrustedPool(issuer, await signingKeys(cancellationToken)), clientId, clock)
    {
    }

    /// <summary>The claims of a valid ID token, or <c>null</c> (API Gateway then answers 401 Unauthorized).</summary>
    public async Task<Dictionary<string, string>?> AuthorizeAsync(string? authorization, CancellationToken cancellationToken) =>
        (await DecideAsync(authorization, cancellationToken)).Claims;

    /// <summary>
    /// The claims of a valid ID token, or the message API Gateway answers with its 401: "The incoming token
    /// has expired" for a genuine token past its time, "Unauthorized" for anything else.
    /// </summary>
    public async Task<Authorization> DecideAsync(string? authorization, CancellationToken cancellationToken)
    {
        var token = TokenFrom(authorization);
        if (token is null || !_handler.CanReadToken(token)) return Authorization.Refused;

        var pool = await _pool(cancellationToken);
        var result = await _handler.ValidateTokenAsync(token, Parameters(pool, checkLifetime: true));
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
            return jwt.TryGetPayloadValue<string>("token_use", out var use) && use == "id" ? new Authorization(ClaimsOf(jwt), "") : Authorization.Refused;
        var expired = (await _handler.ValidateTokenAsync(token, Parameters(pool, checkLifetime: false))).IsValid;
        return expired ? Authorization.Expired : Authorization.Refused;
    }

    private TokenValidationParameters Parameters(TrustedPool pool, bool checkLifetime) => new()
    {
        ValidIssuer = pool.Issuer,
        ValidAudience = _clientId,
        IssuerSigningKeys = pool.SigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        LifetimeValidator = (_, expires, _, _) => !checkLifetime || (expires is { } at && at > _clock.GetUtcNow().UtcDateTime),
    };

    private static string? TokenFrom(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization)) return null;
        var value = authorization.Trim();
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : value;
    }

    private static Dictionary<string, string> ClaimsOf(JsonWebToken jwt)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in jwt.Claims.GroupBy(c => c.Type))
        {
            claims[group.Key] = group.Key is "exp" or "iat"
                ? AsDate(group.First().Value)
                : string.Join(',', group.Select(StringValue));
        }
        return claims;
    }

    private static string StringValue(Claim claim) =>
        claim.ValueType == ClaimValueTypes.Boolean ? claim.Value.ToLowerInvariant() : claim.Value;

    /// <summary>API Gateway passes times as Java's Date.toString() writes them: <c>Fri Nov 22 09:00:00 UTC 2024</c>.</summary>
    private static string AsDate(string epochSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(epochSeconds, CultureInfo.InvariantCulture)).UtcDateTime
            .ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
}

/// <summary>What the authorizer decided: the claims to pass on, or the message of API Gateway's 401.</summary>
public sealed record Authorization(Dictionary<string, string>? Claims, string Message)
{
    public static Authorization Refused { get; } = new(null, "Unauthorized");

    public static Authorization Expired { get; } = new(null, "The incoming token has expired");
}
