using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PhotoGallery.Aws.Users;

/// <summary>
/// A small client for Cognito's JSON API (the SDK package is not available to this build). SignUp,
/// ConfirmSignUp, InitiateAuth and GetUser are public calls: no AWS signature, only the app client id (and
/// a SECRET_HASH when the client has a secret). Failures come back as <see cref="CognitoException"/> with
/// Cognito's error type; <see cref="CognitoErrors"/> turns them into contract errors.
/// </summary>
public sealed class CognitoIdentityClient(HttpClient http, CognitoSettings settings)
{
    private const string TargetPrefix = "AWSCognitoIdentityProviderService.";
    private static readonly MediaTypeHeaderValue AmzJson = new("application/x-amz-json-1.1");

    internal Task<SignUpResponse> SignUpAsync(string username, string password, IReadOnlyList<AttributeType> attributes, CancellationToken cancellationToken) =>
        SendAsync("SignUp", new SignUpRequest(settings.ClientId, username, password, attributes, SecretHash(username)),
            CognitoJson.Default.SignUpRequest, CognitoJson.Default.SignUpResponse, cancellationToken);

    internal Task<EmptyResponse> ConfirmSignUpAsync(string username, string code, CancellationToken cancellationToken) =>
        SendAsync("ConfirmSignUp", new ConfirmSignUpRequest(settings.ClientId, username, code, SecretHash(username)),
            CognitoJson.Default.ConfirmSignUpRequest, CognitoJson.Default.EmptyResponse, cancellationToken);

    internal Task<InitiateAuthResponse> InitiatePasswordAuthAsync(string username, string password, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["USERNAME"] = username, ["PASSWORD"] = password };
        if (SecretHash(username) is { } hash) parameters["SECRET_HASH"] = hash;
        return SendAsync("InitiateAuth", new InitiateAuthRequest("USER_PASSWORD_AUTH", settings.ClientId, parameters),
            CognitoJson.Default.InitiateAuthRequest, CognitoJson.Default.InitiateAuthResponse, cancellationToken);
    }

    internal Task<GetUserResponse> GetUserAsync(string accessToken, CancellationToken cancellationToken) =>
        SendAsync("GetUser", new GetUserRequest(accessToken),
            CognitoJson.Default.GetUserRequest, CognitoJson.Default.GetUserResponse, cancellationToken);

    /// <summary>Base64(HMAC-SHA256(client secret, username + client id)), as Cognito defines it; <c>null</c> without a secret.</summary>
    public string? SecretHash(string username) =>
        settings.ClientSecret is not { } secret
            ? null
            : Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username + settings.ClientId)));

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Endpoint);
        request.Headers.Add("X-Amz-Target", TargetPrefix + operation);
        request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType));
        request.Content.Headers.ContentType = AmzJson;

        using var response = await SendOrFailAsync(operation, request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw ErrorOf(operation, response.StatusCode, bytes);
        return JsonSerializer.Deserialize(bytes, responseType)
            ?? throw new CognitoException(operation, "", "Cognito answered with an empty body.", response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendOrFailAsync(string operation, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CognitoException(operation, CognitoException.Unreachable, e.Message, HttpStatusCode.BadGateway);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CognitoException(operation, CognitoException.Unreachable, $"No answer in time: {e.Message}", HttpStatusCode.GatewayTimeout);
        }
    }

    private static CognitoException ErrorOf(string operation, HttpStatusCode status, byte[] bytes)
    {
        ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(bytes, CognitoJson.Default.ErrorResponse);
        }
        catch (JsonException)
        {
            // Not Cognito speaking (a proxy's error page): the status code is all we have.
        }
        return new CognitoException(operation, ShortType(error?.Type), error?.Message ?? error?.CapitalMessage ?? "", status);
    }

    // "__type" may carry a namespace ("com.amazonaws...#UsernameExistsException") or a suffix after ':'.
    private static string ShortType(string? type)
    {
        if (string.IsNullOrEmpty(type)) return "";
        var name = type[(type.LastIndexOf('#') + 1)..];
        var colon = name.IndexOf(':');
        return colon >= 0 ? name[..colon] : name;
    }
}

/// <summary>An error answer from Cognito: the operation, Cognito's error type and message, and the HTTP status.</summary>
public sealed class CognitoException(string operation, string type, string message, HttpStatusCode status)
    : Exception($"Cognito {operation} failed: {(type.Length > 0 ? type : status.ToString())} {message}".TrimEnd())
{
    /// <summary>The type used when no answer came at all (network failure or time-out).</summary>
    public const string Unreachable = "Unreachable";

    public string Operation { get; } = operation;
    public string Type { get; } = type;
    public string CognitoMessage { get; } = message;
    public HttpStatusCode Status { get; } = status;
}
