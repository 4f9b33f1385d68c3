using PhotoGallery.Emulators;
using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// <c>AWS::Cognito::UserPool</c> and <c>UserPoolClient</c> created on cognito-local through its JSON API
/// (admin calls, which cognito-local takes unsigned). The requests carry the template's own properties:
/// the CloudFormation names are the API's, except the pool's name.
/// </summary>
public sealed class CognitoPools(HttpClient http, Uri endpoint)
{
    /// <summary>The pool properties CreateUserPool takes as they are.</summary>
    public static readonly IReadOnlyList<string> PoolProperties =
    [
        "Policies", "Schema", "AutoVerifiedAttributes", "AliasAttributes", "UsernameAttributes", "UsernameConfiguration",
        "AccountRecoverySetting", "AdminCreateUserConfig", "VerificationMessageTemplate", "EmailVerificationMessage",
        "EmailVerificationSubject", "SmsVerificationMessage", "SmsAuthenticationMessage", "MfaConfiguration",
        "DeviceConfiguration", "EmailConfiguration", "UserAttributeUpdateSettings", "DeletionProtection", "UserPoolTags",
    ];

    /// <summary>The client properties CreateUserPoolClient takes as they are.</summary>
    public static readonly IReadOnlyList<string> ClientProperties =
    [
        "GenerateSecret", "ExplicitAuthFlows", "ReadAttributes", "WriteAttributes", "PreventUserExistenceErrors",
        "EnableTokenRevocation", "AllowedOAuthFlows", "AllowedOAuthFlowsUserPoolClient", "AllowedOAuthScopes",
        "CallbackURLs", "LogoutURLs", "DefaultRedirectURI", "SupportedIdentityProviders", "AuthSessionValidity",
    ];

    /// <returns>The new pool's id.</returns>
    public async Task<string> CreatePoolAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("CreateUserPool", request, cancellationToken);
        return answer["UserPool"]?["Id"]?.GetValue<string>() ?? throw new InvalidOperationException("cognito-local CreateUserPool answered no pool id.");
    }

    public async Task<(string ClientId, string? Secret)> CreateClientAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var client = (await CallAsync("CreateUserPoolClient", request, cancellationToken))["UserPoolClient"];
        var id = client?["ClientId"]?.GetValue<string>() ?? throw new InvalidOperationException("cognito-local CreateUserPoolClient answered no client id.");
        return (id, client["ClientSecret"]?.GetValue<string>());
    }

    /// <summary>CreateUserPool's request: the template's properties that shape the pool, as they are.</summary>
    public static JsonObject PoolRequest(string poolName, Func<string, JsonNode?> property)
    {
        var request = new JsonObject { ["PoolName"] = poolName };
        foreach (var name in PoolProperties)
        {
            if (property(name) is { } value) request[name] = value;
        }
        return request;
    }

    /// <summary>
    /// CreateUserPoolClient's request. Token validity is always spelled out with Cognito's defaults (one
    /// hour for access and ID tokens, 30 days for refresh tokens), because cognito-local's own defaults differ.
    /// </summary>
    public static JsonObject ClientRequest(string poolId, string clientName, Func<string, JsonNode?> property)
    {
        var request = new JsonObject { ["UserPoolId"] = poolId, ["ClientName"] = clientName };
        foreach (var name in ClientProperties)
        {
            if (property(name) is { } value) request[name] = value;
        }
        var units = property("TokenValidityUnits") as JsonObject;
        var accessUnit = Unit(units, "AccessToken", "hours");
        var idUnit = Unit(units, "IdToken", "hours");
        var refreshUnit = Unit(units, "RefreshToken", "days");
        request["TokenValidityUnits"] = new JsonObject { ["AccessToken"] = accessUnit, ["IdToken"] = idUnit, ["RefreshToken"] = refreshUnit };
        request["AccessTokenValidity"] = Validity(property("AccessTokenValidity"), accessUnit, TimeSpan.FromHours(1));
        request["IdTokenValidity"] = Validity(property("IdTokenValidity"), idUnit, TimeSpan.FromHours(1));
        request["RefreshTokenValidity"] = Validity(property("RefreshTokenValidity"), refreshUnit, TimeSpan.FromDays(30));
        return request;
    }

    private static string Unit(JsonObject? units, string token, string fallback) => units?[token]?.GetValue<string>() ?? fallback;

    private static int Validity(JsonNode? given, string unit, TimeSpan fallback) => given is not null
        ? int.Parse(given.ToString(), System.Globalization.CultureInfo.InvariantCulture)
        : unit switch
        {
            "seconds" => (int)fallback.TotalSeconds,
            "minutes" => (int)fallback.TotalMinutes,
            "hours" => (int)fallback.TotalHours,
            _ => Math.Max(1, (int)fallback.TotalDays),
        };

    private Task<JsonNode> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken) =>
        new CognitoAdmin(http, endpoint).CallAsync(operation, body, cancellationToken);
}
