using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Aws;

/// <summary>
/// Cognito user pool JSON requests (<c>X-Amz-Target: AWSCognitoIdentityProviderService.&lt;Op&gt;</c>). The public
/// operations (an app's users signing up and in, with a client id or an access token) are not IAM-authorized;
/// every other one is <c>cognito-idp:&lt;Op&gt;</c> on the user pool
/// (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pools-API-operations.html).
/// </summary>
internal static class CognitoRequestMapper
{
    private static readonly HashSet<string> PublicOperations =
    [
        "SignUp", "ConfirmSignUp", "ResendConfirmationCode", "InitiateAuth", "RespondToAuthChallenge", "ForgotPassword",
        "ConfirmForgotPassword", "GetUser", "ChangePassword", "GlobalSignOut", "RevokeToken", "DeleteUser",
        "UpdateUserAttributes", "DeleteUserAttributes", "VerifyUserAttribute", "GetUserAttributeVerificationCode",
        "SetUserSettings", "SetUserMFAPreference", "AssociateSoftwareToken", "VerifySoftwareToken", "ConfirmDevice",
        "ForgetDevice", "GetDevice", "ListDevices", "UpdateDeviceStatus", "GetUserAuthFactors", "GetTokensFromRefreshToken",
        "StartWebAuthnRegistration", "CompleteWebAuthnRegistration", "ListWebAuthnCredentials", "DeleteWebAuthnCredential",
        "UpdateAuthEventFeedback",
    ];

    public static MappedAwsCall Map(string operation, ReadOnlyMemory<byte> body, string region, string accountId)
    {
        if (operation.Length == 0 || !operation.All(char.IsAsciiLetterOrDigit))
            return AwsRequestMapper.Refuse(AwsRequestMapper.Cognito, operation, $"'{operation}' is not a Cognito operation name");
        if (PublicOperations.Contains(operation))
            return new MappedAwsCall(AwsRequestMapper.Cognito, operation, null, false, IamApplies: false, []);
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body.Span) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            return AwsRequestMapper.Refuse(AwsRequestMapper.Cognito, operation, $"its body is not a JSON object ({e.Message})");
        }
        // Operations on no pool (ListUserPools, CreateUserPool) are granted on "*"; IAM's data says which.
        var resource = request["UserPoolId"] is JsonValue value && value.TryGetValue<string>(out var pool) && pool.Length > 0
            ? $"arn:aws:cognito-idp:{region}:{accountId}:userpool/{pool}"
            : "*";
        return new MappedAwsCall(AwsRequestMapper.Cognito, operation, null, false, IamApplies: true,
            [new IamAuthorization("cognito-idp:" + operation, resource)]);
    }
}
