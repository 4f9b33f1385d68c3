using NUnit.Framework;
using PhotoGallery.Aws;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Aws.Storage;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>Composition from environment variables: what is required, and how endpoint overrides combine.</summary>
[TestFixture]
public sealed class AwsSettingsTests
{
    [TestCase(AwsSettings.PhotosBucket)]
    [TestCase(AwsSettings.Region)]
    public void S3FromEnvironment_VariableMissing_FailsNamingIt(string missing)
    {
        var environment = Full();
        environment.Remove(missing);

        var error = Assert.Throws<InvalidOperationException>(() => S3Settings.FromEnvironment(environment.GetValueOrDefault));

        Assert.That(error!.Message, Does.Contain(missing));
    }

    [Test]
    public void DynamoDbFromEnvironment_TableMissing_FailsNamingIt()
    {
        var environment = Full();
        environment.Remove(AwsSettings.PhotosTable);

        var error = Assert.Throws<InvalidOperationException>(() => DynamoDbSettings.FromEnvironment(environment.GetValueOrDefault));

        Assert.That(error!.Message, Does.Contain(AwsSettings.PhotosTable));
    }

    [Test]
    public void S3FromEnvironment_NoOverride_UsesRealS3WithChunkEncoding()
    {
        var settings = S3Settings.FromEnvironment(Full().GetValueOrDefault);

        Assert.That(settings.ServiceUrl, Is.Null);
        Assert.That(settings.UseChunkEncoding, Is.True);
    }

    [Test]
    public void S3FromEnvironment_GeneralOverride_UsesItWithoutChunkEncoding()
    {
        var environment = Full();
        environment[AwsSettings.EndpointUrl] = "http://127.0.0.1:4569";

        var settings = S3Settings.FromEnvironment(environment.GetValueOrDefault);

        Assert.That(settings.ServiceUrl, Is.EqualTo(new Uri("http://127.0.0.1:4569")));
        Assert.That(settings.UseChunkEncoding, Is.False);
    }

    [Test]
    public void DynamoDbFromEnvironment_ServiceOverride_WinsOverTheGeneralOne()
    {
        var environment = Full();
        environment[AwsSettings.EndpointUrl] = "http://127.0.0.1:1";
        environment[AwsSettings.DynamoDbEndpointUrl] = "http://127.0.0.1:2";

        Assert.That(DynamoDbSettings.FromEnvironment(environment.GetValueOrDefault).ServiceUrl, Is.EqualTo(new Uri("http://127.0.0.1:2")));
    }

    [Test]
    public void Endpoint_NotAnHttpUrl_FailsNamingTheVariable()
    {
        var environment = Full();
        environment[AwsSettings.S3EndpointUrl] = "localhost:4569";

        var error = Assert.Throws<InvalidOperationException>(() => S3Settings.FromEnvironment(environment.GetValueOrDefault));

        Assert.That(error!.Message, Does.Contain(AwsSettings.S3EndpointUrl));
    }

    private static Dictionary<string, string> Full() => new()
    {
        [AwsSettings.PhotosBucket] = "bucket",
        [AwsSettings.PhotosTable] = "table",
        [AwsSettings.Region] = "eu-west-1",
    };
}
