using PhotoGallery.Aws;
using PhotoGallery.Core.Photos;
using PhotoGallery.Aws.Users;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Core.Functions;

using PhotoGallery.Functions;

namespace PhotoGallery.Local;

/// <summary>Which adapters the functions run on behind the local gateway.</summary>
public enum BackendKind
{
    /// <summary>Files, SQLite and the local user pool, under the data folder: no AWS account needed.</summary>
    Local,

    /// <summary>
    /// The AWS adapters, composed from environment variables exactly as on Lambda: real AWS, or the
    /// emulators when the AWS_ENDPOINT_URL* variables point at them (lab/emulators/start prints them).
    /// </summary>
    Aws,
}

/// <summary>
/// The gallery on the AWS adapters: each function built by its parameterless (Lambda) constructor, and
/// the authorizer checking tokens against the user pool's published keys, as API Gateway does.
/// </summary>
public static class AwsMode
{
    /// <summary>
    /// Every declared function on the AWS adapters, composed from the environment exactly as each Lambda
    /// constructor composes it. Built at start, so a missing variable stops the host naming it.
    /// </summary>
    public static Dictionary<string, LambdaHandler> Functions()
    {
        var ports = new FunctionPorts(() => AwsBackend.UserPool(), () => AwsBackend.PhotoStore(), () => AwsBackend.PhotoIndex(), PhotoLimits.FromEnvironment(), TimeProvider.System);
        // Made now, not on the first request: a missing variable stops the host at start, naming it.
        _ = (ports.Users, ports.Store, ports.Index);
        return FunctionCatalog.Create(ports);
    }

    /// <summary>
    /// Tokens must come from the pool named by USER_POOL_ID for the client USER_POOL_CLIENT_ID, carry the
    /// issuer that pool publishes in its discovery document and be signed by a key of its JWKS (both read
    /// from the Cognito endpoint: AWS, or an emulator through AWS_ENDPOINT_URL*).
    /// </summary>
    public static CognitoAuthorizer Authorizer(TimeProvider clock, HttpClient http) =>
        Authorizer(CognitoSettings.FromEnvironment(), clock, http);

    public static CognitoAuthorizer Authorizer(CognitoSettings settings, TimeProvider clock, HttpClient http) =>
        new(new CognitoPoolDiscovery(http, settings.Endpoint, settings.UserPoolId).GetAsync, settings.ClientId, clock);

    /// <summary>What the banner says about where the data lives.</summary>
    public static string Describe()
    {
        var where = $"bucket {AwsSettings.Optional(AwsSettings.PhotosBucket)}, table {AwsSettings.Optional(AwsSettings.PhotosTable)}, " +
            $"user pool {AwsSettings.Optional(AwsSettings.UserPoolId)} in {AwsSettings.Optional(AwsSettings.Region)}";
        var overridden = new[] { AwsSettings.EndpointUrl, AwsSettings.S3EndpointUrl, AwsSettings.DynamoDbEndpointUrl, AwsSettings.CognitoEndpointUrl }
            .Any(name => AwsSettings.Optional(name) is not null);
        return overridden ? where + " (through the AWS_ENDPOINT_URL* overrides)" : where;
    }
}
