using System.Collections.Concurrent;
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
/// <remarks>
/// A token found valid is remembered, by its exact text, with the pool (issuer and key objects) it was checked
/// against and its expiry, so that the same token on the next request skips the check (the RS256 signature and
/// the token library's parsing: ~39 µs against ~1 µs, docs/performance.md, "Local gateway"). That is safe
/// because everything else the check depends on is in the text: the same bytes under the same issuer, keys and
/// app client give the same signature, issuer, audience and <c>token_use</c> verdict; a token differing in one
/// character is another entry and checked in full. The expiry, the only part that changes with time, is
/// compared with the clock on every request, by the same rule as in the full check; a remembered token past it
/// is forgotten and answered "expired", as the full check would answer it. Keys refetched (another pool object with other keys) or another issuer miss the
/// entry. Only valid tokens are remembered, at most <see cref="MaxRemembered"/>; ID tokens cannot be revoked
/// before their expiry on AWS either (API Gateway's authorizer never asks Cognito), so remembering one until
/// then accepts nothing AWS would refuse.
/// </remarks>
public sealed class CognitoAuthorizer
{
    /// <summary>How many valid tokens are remembered; past that, the expired ones are dropped, or all of them.</summary>
    public const int MaxRemembered = 1024;

    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);
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
        var now = _clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var known) && known.IsFor(pool))
        {
            if (known.Expires > now) return Accepted(known.Claims);
            // Found genuine against these keys before: only its time has passed.
            _validated.TryRemove(token, out _);
            return Authorization.Expired;
        }
        // Signature, algorithm, issuer and audience; the time is compared below, as for a remembered token,
        // so that a genuine token past its time is told apart in the same single check.
        var result = await _handler.ValidateTokenAsync(token, Parameters(pool, _clientId));
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return Authorization.Refused;
        if (jwt.ValidTo <= now) return Authorization.Expired; // no exp at all reads as DateTime.MinValue
        if (!jwt.TryGetPayloadValue<string>("token_use", out var use) || use != "id") return Authorization.Refused;
        var claims = ClaimsOf(jwt);
        Remember(token, new Validated(pool, jwt.ValidTo, claims));
        return Accepted(claims);
    }

    /// <summary>The claims, copied: the caller may change its dictionary, the remembered one stays as the token says.</summary>
    private static Authorization Accepted(Dictionary<string, string> claims) => new(new Dictionary<string, string>(claims, StringComparer.Ordinal), "");

    private void Remember(string token, Validated validated)
    {
        if (_validated.Count >= MaxRemembered)
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            foreach (var (text, entry) in _validated)
                if (entry.Expires <= now) _validated.TryRemove(text, out _);
            if (_validated.Count >= MaxRemembered) _validated.Clear();
        }
        _validated[token] = validated;
    }

    /// <summary>A token found valid: against which pool, until when (its <c>exp</c>), with which claims.</summary>
    private sealed record Validated(TrustedPool Pool, DateTime Expires, Dictionary<string, string> Claims)
    {
        public bool IsFor(TrustedPool pool) => ReferenceEquals(Pool, pool) ||
            (Pool.Issuer == pool.Issuer && Pool.SigningKeys.SequenceEqual(pool.SigningKeys, ReferenceEqualityComparer.Instance));
    }

    private static TokenValidationParameters Parameters(TrustedPool pool, string clientId) => new()
    {
        ValidIssuer = pool.Issuer,
        ValidAudience = clientId,
        IssuerSigningKeys = pool.SigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        ValidateLifetime = false, // DecideAsync compares exp with the clock, for remembered tokens too
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
