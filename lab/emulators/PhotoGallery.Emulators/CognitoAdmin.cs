using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PhotoGallery.Emulators;

/// <summary>A user pool and its app client, as created on the emulator.</summary>
public sealed record UserPoolApp(string UserPoolId, string ClientId, string? ClientSecret);

/// <summary>
/// Creates user pools and app clients on cognito-local. These are admin calls, which real Cognito only
/// accepts signed; cognito-local does not check signatures, and the gallery itself never makes them.
/// </summary>
public sealed class CognitoAdmin(HttpClient http, Uri endpoint)
{
    public async Task<UserPoolApp> CreateAsync(string name, bool withSecret, CancellationToken cancellationToken)
    {
        var pool = await CallAsync("CreateUserPool", new JsonObject { ["PoolName"] = name }, cancellationToken);
        var poolId = pool["UserPool"]!["Id"]!.GetValue<string>();
        var client = await CallAsync("CreateUserPoolClient", new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ClientName"] = name + "-web",
            ["GenerateSecret"] = withSecret,
            ["ExplicitAuthFlows"] = new JsonArray("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
        }, cancellationToken);
        var app = client["UserPoolClient"]!;
        return new UserPoolApp(poolId, app["ClientId"]!.GetValue<string>(), app["ClientSecret"]?.GetValue<string>());
    }

    /// <summary>One call of Cognito's JSON API (<c>X-Amz-Target: AWSCognitoIdentityProviderService.&lt;operation&gt;</c>); throws with the answer when it fails.</summary>
    public async Task<JsonNode> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body.ToJsonString()) };
        request.Headers.Add("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation);
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"cognito-local {operation} failed ({(int)response.StatusCode}): {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"cognito-local {operation} answered nothing.");
    }
}
