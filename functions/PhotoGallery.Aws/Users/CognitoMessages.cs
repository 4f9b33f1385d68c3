using System.Text.Json.Serialization;

namespace PhotoGallery.Aws.Users;

// The few request and response bodies of Cognito's JSON API the gallery uses, named as Cognito names them.

internal sealed record AttributeType(string Name, string Value);

internal sealed record SignUpRequest(
    string ClientId, string Username, string Password, IReadOnlyList<AttributeType> UserAttributes, string? SecretHash);

internal sealed record CodeDeliveryDetails(string? Destination, string? DeliveryMedium, string? AttributeName);

internal sealed record SignUpResponse(bool UserConfirmed, CodeDeliveryDetails? CodeDeliveryDetails, string? UserSub);

internal sealed record ConfirmSignUpRequest(string ClientId, string Username, string ConfirmationCode, string? SecretHash);

internal sealed record EmptyResponse;

internal sealed record InitiateAuthRequest(string AuthFlow, string ClientId, IReadOnlyDictionary<string, string> AuthParameters);

internal sealed record AuthenticationResult(
    string? IdToken, string? AccessToken, string? RefreshToken, int ExpiresIn, string? TokenType);

internal sealed record InitiateAuthResponse(AuthenticationResult? AuthenticationResult, string? ChallengeName);

internal sealed record GetUserRequest(string AccessToken);

internal sealed record GetUserResponse(string Username, IReadOnlyList<AttributeType>? UserAttributes);

internal sealed record ErrorResponse(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("Message")] string? CapitalMessage);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignUpRequest))]
[JsonSerializable(typeof(SignUpResponse))]
[JsonSerializable(typeof(ConfirmSignUpRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(InitiateAuthRequest))]
[JsonSerializable(typeof(InitiateAuthResponse))]
[JsonSerializable(typeof(GetUserRequest))]
[JsonSerializable(typeof(GetUserResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class CognitoJson : JsonSerializerContext;
