using PhotoGallery.Core.Ports;

namespace PhotoGallery.Aws;

/// <summary>
/// The AWS composition root: each function's parameterless (Lambda) constructor asks it for the ports
/// it needs, configured from environment variables.
/// </summary>
public static class AwsBackend
{
    public static IUserPool UserPool()
    {
        AwsSettings.Required(AwsSettings.Region);
        AwsSettings.Required(AwsSettings.UserPoolClientId);
        throw NotYetBuilt("Cognito user pool");
    }

    public static IPhotoStore PhotoStore()
    {
        AwsSettings.Required(AwsSettings.Region);
        AwsSettings.Required(AwsSettings.PhotosBucket);
        throw NotYetBuilt("S3 photo store");
    }

    public static IPhotoIndex PhotoIndex()
    {
        AwsSettings.Required(AwsSettings.Region);
        AwsSettings.Required(AwsSettings.PhotosTable);
        throw NotYetBuilt("DynamoDB photo index");
    }

    // The AWS adapters are delivered by issue #3; until then a deployed function says so at start.
    private static InvalidOperationException NotYetBuilt(string adapter) =>
        new($"The {adapter} adapter is not in this build yet; run the gallery locally (lab/PhotoGallery.Local).");
}
