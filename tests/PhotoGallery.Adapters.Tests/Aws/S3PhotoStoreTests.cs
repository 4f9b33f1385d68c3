using System.Web;
using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>The store contract on S3, played by s3rver, a bucket for the fixture.</summary>
[TestFixture]
[Category(TestCategories.Emulators)]
public sealed class S3PhotoStoreTests : PhotoStoreContract
{
    private IPhotoStore _store = null!;
    private S3Settings _settings = null!;

    protected override IPhotoStore Store => _store;

    protected override IPhotoStore StoreAt(TimeProvider clock) => S3PhotoStore.Create(_settings, clock);

    [OneTimeSetUp]
    public async Task CreateBucket()
    {
        var bucket = "photos-" + Guid.NewGuid().ToString("N")[..12];
        await Emulators.Running.CreateBucketAsync(bucket, default);
        _settings = Emulators.Running.S3Settings(bucket);
        _store = S3PhotoStore.Create(_settings);
    }

    [Test]
    public async Task PutAsync_OriginalAndVariant_StoredWithTheirContentDisposition()
    {
        var id = PhotoId.New(DateTimeOffset.UtcNow);
        await _store.PutAsync(PhotoKeys.Original(id, ImageTypes.Png), TestImages.Png(2, 2), ImageTypes.Png, default);
        await _store.PutAsync(PhotoKeys.Thumbnail(id), TestImages.Jpeg(2, 2), ImageTypes.Jpeg, default);
        using var s3 = S3PhotoStore.CreateClient(_settings);

        var original = await s3.GetObjectMetadataAsync(_settings.Bucket, PhotoKeys.Original(id, ImageTypes.Png));
        var thumbnail = await s3.GetObjectMetadataAsync(_settings.Bucket, PhotoKeys.Thumbnail(id));

        Assert.That(original.Headers.ContentDisposition, Is.EqualTo($"attachment; filename=\"{id}.png\""));
        Assert.That(thumbnail.Headers.ContentDisposition, Is.EqualTo("inline"));
    }

    protected override string Bucket => _settings.Bucket;

    // s3rver neither checks signatures nor enforces POST policies (the rehearsal's S3 stand-in does, in front
    // of it: AwsStandInTests), so what S3 would enforce is checked on the form itself.
    [Test]
    public async Task PresignUploadAsync_Form_SignedWithSigV4AndItsPolicyBindsTheSize()
    {
        var key = PhotoKeys.Upload(PhotoId.New(DateTimeOffset.UtcNow), ImageTypes.Png);

        var upload = await _store.PresignUploadAsync(key, ImageTypes.Png, 2_000_000, TimeSpan.FromMinutes(15), default);

        Assert.That(upload.Url.AbsolutePath.TrimEnd('/'), Is.EqualTo("/" + _settings.Bucket), "a form upload is POSTed to the bucket");
        Assert.That(upload.Fields["x-amz-algorithm"], Is.EqualTo("AWS4-HMAC-SHA256"));
        Assert.That(upload.Fields["x-amz-credential"], Does.StartWith(PhotoGallery.Emulators.EmulatorSet.AccessKey + "/").And.EndWith("/us-east-1/s3/aws4_request"));
        Assert.That(upload.Fields["x-amz-signature"], Does.Match("^[0-9a-f]{64}$"));
        var policy = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(upload.Fields["Policy"]))!;
        var conditions = policy["conditions"]!.AsArray().Select(c => c!.ToJsonString()).ToList();
        Assert.That(conditions, Does.Contain("""["content-length-range",2000000,2000000]"""));
        Assert.That(conditions, Does.Contain($$"""{"key":"{{key}}"}"""));
        Assert.That(conditions, Does.Contain("""{"Content-Type":"image/png"}"""));
        Assert.That(conditions, Does.Contain($$"""{"bucket":"{{_settings.Bucket}}"}"""));
    }

    [Test]
    public async Task PresignDownloadAsync_Url_PathStyleSignedAtTheWindowsStartWithItsLifetimeAndCacheControl()
    {
        var key = PhotoKeys.Thumbnail(PhotoId.New(DateTimeOffset.UtcNow));
        var now = new DateTimeOffset(2026, 11, 25, 14, 37, 12, TimeSpan.Zero);

        var url = await StoreAt(new ManualClock(now)).PresignDownloadAsync(key, Views, default);

        Assert.That(url.AbsolutePath, Does.EndWith("/" + key));
        Assert.That(url.Authority, Is.EqualTo(Emulators.Running.S3Url.Authority));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.That(query["X-Amz-Date"], Is.EqualTo("20261125T140000Z"));
        Assert.That(query["X-Amz-Expires"], Is.EqualTo("7200"));
        Assert.That(query["X-Amz-SignedHeaders"], Is.EqualTo("host"));
        Assert.That(query["response-cache-control"], Is.EqualTo("private, max-age=3600, immutable"));
    }
}
