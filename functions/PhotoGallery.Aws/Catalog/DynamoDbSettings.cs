using Amazon.Runtime;

namespace PhotoGallery.Aws.Catalog;

/// <summary>Where the photo table is and how to talk to it.</summary>
public sealed record DynamoDbSettings
{
    public required string Table { get; init; }
    public required string Region { get; init; }

    /// <summary>A DynamoDB-compatible endpoint (an emulator), or <c>null</c> for real DynamoDB.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>Explicit credentials (emulators); <c>null</c> uses the SDK's default chain (Lambda's role).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>
    /// The most search-term items one search request examines before it answers with what it found and a
    /// cursor: a query whose words rarely occur together cannot make one request read the whole table.
    /// </summary>
    public int SearchReadBudget { get; init; } = 2000;

    public static DynamoDbSettings FromEnvironment(Func<string, string?>? read = null) => new()
    {
        Table = AwsSettings.Required(AwsSettings.PhotosTable, read),
        Region = AwsSettings.Required(AwsSettings.Region, read),
        ServiceUrl = AwsSettings.Endpoint(AwsSettings.DynamoDbEndpointUrl, read),
    };
}
