using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace PhotoGallery.Local.Gateway;

/// <summary>
/// A Cognito user pool's published issuer and keys, read from the pool itself:
/// <c>&lt;endpoint&gt;/&lt;pool&gt;/.well-known/openid-configuration</c> names the issuer its tokens carry and
/// <c>&lt;endpoint&gt;/&lt;pool&gt;/.well-known/jwks.json</c> holds its public keys. The issuer is taken from the
/// pool rather than made from the endpoint: on AWS both are <c>https://cognito-idp.&lt;region&gt;.amazonaws.com</c>,
/// but an emulator serves the pool at its own address while its tokens name the real form.
/// Fetched once and kept (Cognito rotates keys rarely; a restart refetches); a failed fetch is not kept.
/// </summary>
public sealed class CognitoPoolDiscovery(HttpClient http, Uri endpoint, string userPoolId)
{
    private Task<TrustedPool>? _pool;

    private string PoolUrl => $"{endpoint.ToString().TrimEnd('/')}/{userPoolId}";

    public Task<TrustedPool> GetAsync(CancellationToken cancellationToken) => _pool ??= FetchAsync();

    private async Task<TrustedPool> FetchAsync()
    {
        try
        {
            // Not the caller's token: one request's cancellation must not spoil the fetch for the others.
            var discovery = http.GetStringAsync(new Uri($"{PoolUrl}/.well-known/openid-configuration"));
            var keys = http.GetStringAsync(new Uri($"{PoolUrl}/.well-known/jwks.json"));
            await Task.WhenAll(discovery, keys);
            return new TrustedPool(IssuerIn(await discovery), [.. new JsonWebKeySet(await keys).GetSigningKeys()]);
        }
        catch
        {
            _pool = null;
            throw;
        }
    }

    private string IssuerIn(string discovery)
    {
        using var document = JsonDocument.Parse(discovery);
        var issuer = document.RootElement.TryGetProperty("issuer", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidOperationException($"{PoolUrl}/.well-known/openid-configuration names no issuer.");
        // Cognito's issuer always ends with the pool's id; anything else is some other pool's document.
        return issuer.EndsWith($"/{userPoolId}", StringComparison.Ordinal)
            ? issuer
            : throw new InvalidOperationException($"{PoolUrl}/.well-known/openid-configuration names the issuer {issuer}, not one of pool {userPoolId}.");
    }
}
