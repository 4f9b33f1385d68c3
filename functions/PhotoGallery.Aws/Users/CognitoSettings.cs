namespace PhotoGallery.Aws.Users;

/// <summary>Which user pool and app client to use, and where Cognito answers.</summary>
public sealed record CognitoSettings
{
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }

    /// <summary>The app client's secret, when it has one: every call then carries a SECRET_HASH.</summary>
    public string? ClientSecret { get; init; }

    public required string Region { get; init; }

    /// <summary>An emulator's endpoint, or <c>null</c> for Cognito in <see cref="Region"/>.</summary>
    public Uri? ServiceUrl { get; init; }

    public Uri Endpoint => ServiceUrl ?? new Uri($"https://cognito-idp.{Region}.amazonaws.com/");

    public static CognitoSettings FromEnvironment(Func<string, string?>? read = null) => new()
    {
        UserPoolId = AwsSettings.Required(AwsSettings.UserPoolId, read),
        ClientId = AwsSettings.Required(AwsSettings.UserPoolClientId, read),
        ClientSecret = AwsSettings.Optional(AwsSettings.UserPoolClientSecret, read),
        Region = AwsSettings.Required(AwsSettings.Region, read),
        ServiceUrl = AwsSettings.Endpoint(AwsSettings.CognitoEndpointUrl, read),
    };
}
