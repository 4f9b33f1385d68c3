using Amazon.Runtime;

namespace PhotoGallery.Aws.Storage;

/// <summary>Where the photo bucket is and how to talk to it.</summary>
public sealed record S3Settings
{
    public required string Bucket { get; init; }
    public required string Region { get; init; }

    /// <summary>An S3-compatible endpoint (an emulator), or <c>null</c> for real S3.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>
    /// SDK v4 streams uploads with aws-chunked encoding, which s3rver does not understand. Real S3 and
    /// most compatible servers do, so it stays on unless an endpoint override is set.
    /// </summary>
    public bool UseChunkEncoding { get; init; } = true;

    /// <summary>Explicit credentials (emulators); <c>null</c> uses the SDK's default chain (Lambda's role).</summary>
    public AWSCredentials? Credentials { get; init; }

    public static S3Settings FromEnvironment(Func<string, string?>? read = null)
    {
        var serviceUrl = AwsSettings.Endpoint(AwsSettings.S3EndpointUrl, read);
        return new S3Settings
        {
            Bucket = AwsSettings.Required(AwsSettings.PhotosBucket, read),
            Region = AwsSettings.Required(AwsSettings.Region, read),
            ServiceUrl = serviceUrl,
            UseChunkEncoding = serviceUrl is null,
        };
    }
}
