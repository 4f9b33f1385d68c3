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
    public const string Region = "AWS_REGION";

    /// <summary>The variable's value; throws naming the variable when it is missing or empty.</summary>
    public static string Required(string name, Func<string, string?>? read = null)
    {
        var value = (read ?? Environment.GetEnvironmentVariable)(name);
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException(
                $"Missing configuration: set the environment variable {name} (see docs/troubleshooting.md).");
        return value.Trim();
    }
}
