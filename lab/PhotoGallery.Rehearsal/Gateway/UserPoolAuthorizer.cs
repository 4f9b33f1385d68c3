using Microsoft.IdentityModel.Tokens;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Gateway;

/// <summary>
/// API Gateway's <c>COGNITO_USER_POOLS</c> authorizer for one <c>AWS::ApiGateway::Authorizer</c>: the token
/// in its identity source header must be an ID token of one of its <c>ProviderARNs</c> pools, signed by
/// the pool's key, unexpired, with the pool's issuer.
/// </summary>
/// <remarks>
/// API Gateway accepts an ID token from any app client of the pool: it checks the issuer, not the
/// audience. <see cref="CognitoAuthorizer"/> checks both, so there is one per (pool, app client) and a
/// token passes when any of them accepts it. The pool's clients are the template's (nothing else can create
/// one during a rehearsal), so this is exactly "any client of the pool", and a token of another pool, or one
/// whose audience is no client of the pool, is still refused.
/// </remarks>
public sealed class UserPoolAuthorizer
{
    private readonly IReadOnlyList<CognitoAuthorizer> _checks;

    private UserPoolAuthorizer(string headerName, IReadOnlyList<CognitoAuthorizer> checks)
    {
        HeaderName = headerName;
        _checks = checks;
    }

    /// <summary>The request header the token comes from (<c>method.request.header.Authorization</c> → <c>Authorization</c>).</summary>
    public string HeaderName { get; }

    /// <summary>The authorizer, or the reason it cannot work (then every call to the method is a 500, as on AWS).</summary>
    public static (UserPoolAuthorizer? Authorizer, string? Problem) Create(
        ApiAuthorizerModel model, IReadOnlyList<ProvisionedUserPool> pools, IReadOnlyDictionary<string, PoolKeys> keys, TimeProvider clock)
    {
        const string HeaderSource = "method.request.header.";
        if (model.Type != "COGNITO_USER_POOLS")
            return (null, $"authorizer {model.Name} is of type {model.Type}; the rehearsal runs COGNITO_USER_POOLS authorizers only");
        if (!model.IdentitySource.StartsWith(HeaderSource, StringComparison.Ordinal))
            return (null, $"authorizer {model.Name} reads its token from {model.IdentitySource}; the rehearsal reads headers only");
        var checks = new List<CognitoAuthorizer>();
        foreach (var arn in model.UserPoolArns)
        {
            var pool = pools.FirstOrDefault(p => p.Arn == arn);
            if (pool is null) return (null, $"authorizer {model.Name} names user pool {arn}, which is not a pool of this stack");
            checks.AddRange(pool.ClientIds.Select(client => new CognitoAuthorizer(pool.Issuer, client, keys[pool.UserPoolId].GetAsync, clock)));
        }
        return (new UserPoolAuthorizer(model.IdentitySource[HeaderSource.Length..], checks), null);
    }

    /// <summary>The claims of the first app client that accepts the token; else the 401's message ("The incoming token has expired" wins).</summary>
    public async Task<Authorization> DecideAsync(string? token, CancellationToken cancellationToken)
    {
        var refusal = Authorization.Refused;
        foreach (var check in _checks)
        {
            var decision = await check.DecideAsync(token, cancellationToken);
            if (decision.Claims is not null) return decision;
            if (decision == Authorization.Expired) refusal = decision;
        }
        return refusal;
    }
}

/// <summary>A user pool's signing keys from its JWKS URL, fetched once; a failed fetch is tried again next time.</summary>
public sealed class PoolKeys(HttpClient http, Uri jwksUrl)
{
    private Task<IReadOnlyList<SecurityKey>>? _keys;

    public Task<IReadOnlyList<SecurityKey>> GetAsync(CancellationToken cancellationToken) => _keys ??= FetchAsync(cancellationToken);

    private async Task<IReadOnlyList<SecurityKey>> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var json = await http.GetStringAsync(jwksUrl, cancellationToken);
            return [.. new JsonWebKeySet(json).GetSigningKeys()];
        }
        catch
        {
            _keys = null;
            throw;
        }
    }
}
