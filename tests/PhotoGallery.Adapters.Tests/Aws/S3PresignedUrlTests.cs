using System.Globalization;
using System.Web;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using NUnit.Framework;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>
/// Download URLs for real S3, computed offline (presigning sends nothing): s3rver does not check
/// signatures, so these hold the windowed URL to what the S3 client's own presigner signs.
/// </summary>
public sealed class S3PresignedUrlTests
{
    private static readonly S3Settings RealS3 = new()
    {
        Bucket = "gallery-photos-example",
        Region = "eu-west-1",
        Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    };

    private static readonly string Key = PhotoKeys.Thumbnail("01JD3ZK8Q2V7W4X9Y6T5R3P1NM");

    [Test]
    public async Task PresignDownloadAsync_RealS3_VirtualHostedHttpsUrlOfTheKey()
    {
        var url = await S3PhotoStore.Create(RealS3, new ManualClock()).PresignDownloadAsync(Key, PhotoLimits.Default.Views, default);

        Assert.That(url.Scheme, Is.EqualTo("https"));
        Assert.That(url.Host, Is.EqualTo("gallery-photos-example.s3.eu-west-1.amazonaws.com"));
        Assert.That(url.AbsolutePath, Is.EqualTo("/" + Key));
    }

    private static readonly string[] Keys = [Key, PhotoKeys.Original("01JD3ZK8Q2V7W4X9Y6T5R3P1NM", ImageTypes.Webp)];

    [TestCaseSource(nameof(Keys))]
    public async Task PresignDownloadAsync_SameTimeAndExpiry_SignedAsTheS3ClientSignsIt(string key)
    {
        using var client = S3PhotoStore.CreateClient(RealS3);
        // A one-second window signs at exactly the second it is given: the second the S3 client signed at.
        var window = new SigningWindow(TimeSpan.FromSeconds(1), TimeSpan.FromHours(2));
        var (reference, signedAt) = await ReferenceUrlAsync(client, window, key);

        var url = await new S3PhotoStore(client, RealS3, new ManualClock(signedAt)).PresignDownloadAsync(key, window, default);

        var (expected, actual) = (HttpUtility.ParseQueryString(reference.Query), HttpUtility.ParseQueryString(url.Query));
        Assert.That(url.GetLeftPart(UriPartial.Path), Is.EqualTo(reference.GetLeftPart(UriPartial.Path)));
        Assert.That(actual.AllKeys.Order(), Is.EqualTo(expected.AllKeys.Order()));
        foreach (var name in expected.AllKeys) Assert.That(actual[name], Is.EqualTo(expected[name]), name);
    }

    /// <summary>
    /// The S3 client's own presigned GET with the window's Cache-Control and the key's type and disposition, and the second it was signed at. The
    /// client signs at its "now" and counts the expiry from a separate reading of it: tried again until both
    /// fall in the same second.
    /// </summary>
    private static async Task<(Uri Url, DateTimeOffset SignedAt)> ReferenceUrlAsync(AmazonS3Client client, SigningWindow window, string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            var url = new Uri(await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
            {
                BucketName = RealS3.Bucket, Key = key, Verb = HttpVerb.GET, Expires = DateTime.UtcNow + window.Lifetime, Protocol = Protocol.HTTPS,
                ResponseHeaderOverrides =
                {
                    CacheControl = window.CacheControl,
                    ContentDisposition = PhotoKeys.ContentDispositionOf(key),
                    ContentType = PhotoKeys.ContentTypeOf(key),
                },
            }));
            var query = HttpUtility.ParseQueryString(url.Query);
            if (query["X-Amz-Expires"] == ((long)window.Lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) || attempt == 5)
                return (url, DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
        }
    }
}
