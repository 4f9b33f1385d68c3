using System.Buffers.Text;
using System.Text.Json;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Users;

namespace PhotoGallery.Aws.Users;

/// <summary>
/// Sign-up, confirmation and sign-in against a Cognito user pool, through <see cref="CognitoIdentityClient"/>.
/// </summary>
public sealed class CognitoUserPool(CognitoIdentityClient cognito) : IUserPool
{
    public static CognitoUserPool Create(CognitoSettings settings, HttpClient http) => new(new CognitoIdentityClient(http, settings));

    public async Task<CodeDelivery> SignUpAsync(NewUser user, CancellationToken cancellationToken)
    {
        // The pool enforces its own policy too; checking first gives every backend the same words for the same rule.
        PasswordPolicy.Default.Check(user.Password);
        AttributeType[] attributes = [new("email", user.Email), new("name", user.Name)];
        var response = await MapAsync(() => cognito.SignUpAsync(user.Username, user.Password, attributes, cancellationToken));
        var delivery = response.CodeDeliveryDetails;
        return new CodeDelivery(
            delivery?.Destination ?? UserRules.MaskEmail(user.Email), delivery?.DeliveryMedium ?? "EMAIL", delivery?.AttributeName ?? "email");
    }

    // Cognito keeps its own count of wrong codes (LimitExceededException, TooManyFailedAttemptsException).
    public Task ConfirmSignUpAsync(string username, string code, string source, CancellationToken cancellationToken) =>
        MapAsync(() => cognito.ConfirmSignUpAsync(username, code, cancellationToken));

    public async Task<SignInResult> SignInAsync(string username, string password, CancellationToken cancellationToken)
    {
        var response = await MapAsync(() => cognito.InitiatePasswordAuthAsync(username, password, cancellationToken));
        if (response.AuthenticationResult is not { IdToken: { } idToken, AccessToken: { } accessToken } tokens)
            throw new GalleryException(ErrorCode.NotAuthorized,
                $"This account needs a sign-in step the gallery does not offer ({response.ChallengeName ?? "no tokens"}).");
        var claims = ReadPayload(idToken);
        var profile = await ProfileAsync(claims, accessToken, cancellationToken);
        return new SignInResult(idToken, accessToken, tokens.RefreshToken ?? "", Lifetime(tokens, claims), tokens.TokenType ?? "Bearer", profile);
    }

    // Cognito states the lifetime in ExpiresIn; a pool that leaves it out (cognito-local) still dates its tokens.
    private static TimeSpan Lifetime(AuthenticationResult tokens, Dictionary<string, JsonElement> claims)
    {
        if (tokens.ExpiresIn > 0) return TimeSpan.FromSeconds(tokens.ExpiresIn);
        return claims.TryGetValue("exp", out var exp) && claims.TryGetValue("iat", out var iat) &&
               exp.ValueKind == JsonValueKind.Number && iat.ValueKind == JsonValueKind.Number &&
               exp.TryGetInt64(out var expires) && iat.TryGetInt64(out var issued)
            ? TimeSpan.FromSeconds(expires - issued)
            : TimeSpan.Zero;
    }

    /// <summary>
    /// The user as the ID token describes them. The token comes straight from Cognito over TLS, so it is read,
    /// not verified (API Gateway's authorizer verifies it on every later call). A pool that leaves the name or
    /// email out of its ID tokens (cognito-local does) is asked for the user's attributes instead.
    /// </summary>
    private async Task<UserProfile> ProfileAsync(Dictionary<string, JsonElement> claims, string accessToken, CancellationToken cancellationToken)
    {
        var username = Claim(claims, "cognito:username") ?? Claim(claims, "username") ?? "";
        var name = Claim(claims, "name");
        var email = Claim(claims, "email");
        if (name is not null && email is not null) return new UserProfile(username, name, email);

        var user = await MapAsync(() => cognito.GetUserAsync(accessToken, cancellationToken));
        string? Attribute(string key) => user.UserAttributes?.FirstOrDefault(a => a.Name == key)?.Value;
        return new UserProfile(username.Length > 0 ? username : user.Username, name ?? Attribute("name") ?? "", email ?? Attribute("email") ?? "");
    }

    internal static Dictionary<string, JsonElement> ReadPayload(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) throw new FormatException("Cognito returned an ID token that is not a JWT.");
        return JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), CognitoClaimsJson.Default.DictionaryStringJsonElement)
            ?? throw new FormatException("Cognito returned an ID token without claims.");
    }

    private static string? Claim(Dictionary<string, JsonElement> claims, string name) =>
        claims.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<T> MapAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (CognitoException e) when (CognitoErrors.Map(e) is { } mapped)
        {
            throw mapped;
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class CognitoClaimsJson : System.Text.Json.Serialization.JsonSerializerContext;
