using PhotoGallery.Aws.Catalog;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Aws.Users;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Aws;

/// <summary>
/// The AWS composition root: each function's parameterless (Lambda) constructor asks it for the ports
/// it needs, configured from environment variables (<see cref="AwsSettings"/>). The overloads taking
/// settings let tests and tools point the same adapters at emulators.
/// </summary>
public static class AwsBackend
{
    public static IUserPool UserPool() => UserPool(CognitoSettings.FromEnvironment());

    public static IPhotoStore PhotoStore() => PhotoStore(S3Settings.FromEnvironment());

    public static IPhotoIndex PhotoIndex() => PhotoIndex(DynamoDbSettings.FromEnvironment());

    public static IUserPool UserPool(CognitoSettings settings) => CognitoUserPool.Create(settings, CreateHttpClient());

    public static IPhotoStore PhotoStore(S3Settings settings) => S3PhotoStore.Create(settings);

    public static IPhotoIndex PhotoIndex(DynamoDbSettings settings, TimeProvider? clock = null) =>
        DynamoDbPhotoIndex.Create(settings, clock ?? TimeProvider.System);

    // One client per function instance, made at cold start; connections are recycled so DNS changes are seen.
    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(10) };
}
