using System.Text.Json.Nodes;
using PhotoGallery.Emulators;

namespace PhotoGallery.Rehearsal.Tests.Stack;

/// <summary>Cognito's JSON API on cognito-local, as a browser or a function calls it: sign-up, confirmation, log-in.</summary>
public sealed class CognitoCalls(HttpClient http, Uri endpoint)
{
    public const string Password = "Rehearse-1234";

    /// <summary>A confirmed user of the app client's pool, logged in: its ID token.</summary>
    public async Task<string> IdTokenOfNewUserAsync(string clientId, string username, CancellationToken cancellationToken)
    {
        await CallAsync("SignUp", new JsonObject
        {
            ["ClientId"] = clientId, ["Username"] = username, ["Password"] = Password,
            ["UserAttributes"] = new JsonArray(
                new JsonObject { ["Name"] = "email", ["Value"] = $"{username}@example.com" },
                new JsonObject { ["Name"] = "name", ["Value"] = username }),
        }, cancellationToken);
        await CallAsync("ConfirmSignUp", new JsonObject
        {
            ["ClientId"] = clientId, ["Username"] = username, ["ConfirmationCode"] = EmulatorSet.ConfirmationCode,
        }, cancellationToken);
        var login = await CallAsync("InitiateAuth", new JsonObject
        {
            ["ClientId"] = clientId, ["AuthFlow"] = "USER_PASSWORD_AUTH",
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = username, ["PASSWORD"] = Password },
        }, cancellationToken);
        return login["AuthenticationResult"]!["IdToken"]!.GetValue<string>();
    }

    public Task<JsonNode> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken) =>
        new CognitoAdmin(http, endpoint).CallAsync(operation, body, cancellationToken);
}
