namespace PhotoGallery.Aws;

/// <summary>
/// Configuration from environment variables, read once at start. A missing variable stops the function
/// at start with a message that names it, rather than failing on the first request.
/// </summary>
public static class AwsSettings
{
    public const string PhotosBucket = "PHOTOS_BUCKET";
    public const string PhotosTable = "PHOTOS_TABLE";
    public const string UserPoolId = "USER_POOL_ID";
    public const string UserPoolClientId = "USER_POOL_CLIENT_ID";
    public const string UserPoolClientSecret = "USER_POOL_CLIENT_SECRET";
    public const string Region = "AWS_REGION";

    // The AWS SDKs' own endpoint overrides: the general one, then one per service, which wins.
    public const string EndpointUrl = "AWS_ENDPOINT_URL";
    public const string S3EndpointUrl = "AWS_ENDPOINT_URL_S3";
    public const string DynamoDbEndpointUrl = "AWS_ENDPOINT_URL_DYNAMODB";
    public const string CognitoEndpointUrl = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER";

    /// <summary>The variable's value; throws naming the variable when it is missing or empty.</summary>
    public static string Required(string name, Func<string, string?>? read = null) =>
        Optional(name, read) ?? throw new InvalidOperationException(
            $"Missing configuration: set the environment variable {name} (see docs/troubleshooting.md).");

    /// <summary>The variable's value, or <c>null</c> when it is missing or empty.</summary>
    public static string? Optional(string name, Func<string, string?>? read = null)
    {
        var value = (read ?? Environment.GetEnvironmentVariable)(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>
    /// The endpoint override for one service (its own variable, else <c>AWS_ENDPOINT_URL</c>), or
    /// <c>null</c> for the real AWS endpoint. A value that is not an http(s) URL stops the function at start.
    /// </summary>
    public static Uri? Endpoint(string serviceVariable, Func<string, string?>? read = null)
    {
        var name = Optional(serviceVariable, read) is null ? EndpointUrl : serviceVariable;
        var text = Optional(name, read);
        if (text is null) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https") return url;
        throw new InvalidOperationException($"The environment variable {name} must be an http(s) URL; got '{text}'.");
    }
}
