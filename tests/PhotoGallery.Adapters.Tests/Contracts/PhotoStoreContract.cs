using System.Net;
using System.Net.Http.Headers;
using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local.Storage;

namespace PhotoGallery.Adapters.Tests.Contracts;

/// <summary>
/// What every <see cref="IPhotoStore"/> must do. Presigned URLs are used over real HTTP, the way a browser
/// uses them, and the bytes that come back are compared with the bytes that went in.
/// </summary>
public abstract class PhotoStoreContract
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The store under test, set up once for the fixture (every test uses keys of its own).</summary>
    protected abstract IPhotoStore Store { get; }

    /// <summary>The same store (same objects, URLs served the same way) telling time by <paramref name="clock"/>.</summary>
    protected abstract IPhotoStore StoreAt(TimeProvider clock);

    /// <summary>The gallery's default: URLs repeat for an hour and stay valid two hours from their window's start.</summary>
    protected static readonly SigningWindow Views = PhotoLimits.Default.Views;

    /// <summary>A frozen clock at the start of the window that real time is in, so URLs signed by it are valid now.</summary>
    private static ManualClock AtWindowStart() => new(Views.SignedAt(DateTimeOffset.UtcNow));

    [OneTimeTearDown]
    public void DisposeHttp() => _http.Dispose();

    [Test]
    public async Task HeadAsync_AfterPut_ReturnsSizeAndContentType()
    {
        var key = NewKey();
        await Store.PutAsync(key, TestImages.Png(bytes: 300), ImageTypes.Png, default);

        var stored = await Store.HeadAsync(key, default);

        Assert.That((stored?.Size, stored?.ContentType), Is.EqualTo((300L, ImageTypes.Png)));
        Assert.That(stored?.Version, Is.Not.Empty);
    }

    [Test]
    public async Task HeadAsync_NothingStored_ReturnsNull()
    {
        Assert.That(await Store.HeadAsync(NewKey(), default), Is.Null);
    }

    [Test]
    public async Task PutAsync_SameKeyAgain_ReplacesTheBytes()
    {
        var key = NewKey();
        await Store.PutAsync(key, TestImages.Png(bytes: 300), ImageTypes.Png, default);
        await Store.PutAsync(key, TestImages.Png(bytes: 120), ImageTypes.Png, default);

        Assert.That((await Store.HeadAsync(key, default))?.Size, Is.EqualTo(120));
        Assert.That(await Store.ReadStartAsync(key, 1000, default), Is.EqualTo(TestImages.Png(bytes: 120)));
    }

    [Test]
    public async Task ReadStartAsync_FewerBytesThanStored_ReturnsTheFirstBytes()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 5000);
        await Store.PutAsync(key, image, ImageTypes.Png, default);

        var start = await Store.ReadStartAsync(key, 64, default);

        Assert.That(start, Is.EqualTo(image[..64]));
    }

    [Test]
    public async Task ReadStartAsync_MoreBytesThanStored_ReturnsTheWholeObject()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 100);
        await Store.PutAsync(key, image, ImageTypes.Png, default);

        Assert.That(await Store.ReadStartAsync(key, 4096, default), Is.EqualTo(image));
    }

    [Test]
    public async Task PresignDownloadAsync_FetchedOverHttp_ServesTheStoredBytes()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 2048);
        await Store.PutAsync(key, image, ImageTypes.Png, default);

        var url = await Store.PresignDownloadAsync(key, Views, default);
        using var response = await _http.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(image));
    }

    [Test]
    public async Task PresignDownloadAsync_AnyTimeInOneWindow_TheSameUrl()
    {
        var clock = AtWindowStart();
        var store = StoreAt(clock);
        var key = NewKey();

        var first = await store.PresignDownloadAsync(key, Views, default);
        clock.Advance(Views.Window / 2);
        var middle = await store.PresignDownloadAsync(key, Views, default);
        clock.Advance(Views.Window / 2 - TimeSpan.FromSeconds(1));
        var last = await store.PresignDownloadAsync(key, Views, default);

        Assert.That(new[] { middle, last }, Is.All.EqualTo(first));
    }

    [Test]
    public async Task PresignDownloadAsync_NextWindowOrAnotherKey_AnotherUrl()
    {
        var clock = AtWindowStart();
        var store = StoreAt(clock);
        var key = NewKey();

        var first = await store.PresignDownloadAsync(key, Views, default);
        var otherKey = await store.PresignDownloadAsync(NewKey(), Views, default);
        clock.Advance(Views.Window);
        var next = await store.PresignDownloadAsync(key, Views, default);

        Assert.That(next, Is.Not.EqualTo(first));
        Assert.That(otherKey, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task PresignDownloadAsync_Fetched_CarriesTheWindowsCacheControl()
    {
        var key = PhotoKeys.Thumbnail(PhotoId.New(DateTimeOffset.UtcNow));
        await Store.PutAsync(key, TestImages.Jpeg(40, 30), ImageTypes.Jpeg, default);

        using var response = await _http.GetAsync(await StoreAt(AtWindowStart()).PresignDownloadAsync(key, Views, default));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cache = response.Headers.CacheControl;
        Assert.That(cache, Is.Not.Null, "no Cache-Control: the browser would fetch the image again on every visit");
        Assert.That((cache!.Private, cache.MaxAge), Is.EqualTo((true, Views.Lifetime - Views.Window)));
        Assert.That(cache.Extensions.Select(e => e.Name), Does.Contain("immutable"));
        Assert.That(Views.CacheControl, Is.EqualTo("private, max-age=3600, immutable"));
    }

    [Test]
    public async Task PresignDownloadAsync_Original_AnAttachmentOfItsKeysImageType()
    {
        // Stored as something a browser would render (an upload may be stored with any Content-Type): the
        // download is still the image type its key names, and a file to save rather than a page to show.
        var id = PhotoId.New(DateTimeOffset.UtcNow);
        var key = PhotoKeys.Original(id, ImageTypes.Png);
        await Store.PutAsync(key, TestImages.Png(bytes: 400), "text/html", default);

        using var response = await _http.GetAsync(await Store.PresignDownloadAsync(key, Views, default));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(ImageTypes.Png));
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.That((disposition?.DispositionType, disposition?.FileName?.Trim('"')), Is.EqualTo(("attachment", $"{id}.png")));
    }

    [Test]
    public async Task PresignDownloadAsync_ServerMadeVariant_InlineJpeg()
    {
        var key = PhotoKeys.Display(PhotoId.New(DateTimeOffset.UtcNow));
        await Store.PutAsync(key, TestImages.Jpeg(40, 30), ImageTypes.Jpeg, default);

        using var response = await _http.GetAsync(await Store.PresignDownloadAsync(key, Views, default));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(ImageTypes.Jpeg));
        Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("inline"));
    }

    [Test]
    public async Task PresignDownloadAsync_SignedAtTheEndOfTheLastWindow_StillServes()
    {
        var key = NewKey();
        await Store.PutAsync(key, TestImages.Png(bytes: 500), ImageTypes.Png, default);
        // The previous window's last second: its URLs are signed at its start, up to two windows ago, and must still work.
        var clock = AtWindowStart();
        clock.Advance(-TimeSpan.FromSeconds(1));

        using var response = await _http.GetAsync(await StoreAt(clock).PresignDownloadAsync(key, Views, default));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task PresignDownloadAsync_PastItsLifetime_Refused()
    {
        var key = NewKey();
        await Store.PutAsync(key, TestImages.Png(bytes: 500), ImageTypes.Png, default);
        var clock = AtWindowStart();
        clock.Advance(-Views.Lifetime);

        using var response = await _http.GetAsync(await StoreAt(clock).PresignDownloadAsync(key, Views, default));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task PresignUploadAsync_Always_DescribesASignedPostBindingKeyTypeAndSize()
    {
        var before = DateTimeOffset.UtcNow;
        var key = NewKey();

        var upload = await Store.PresignUploadAsync(key, ImageTypes.Jpeg, 4321, TimeSpan.FromMinutes(15), default);

        Assert.That(upload.Method, Is.EqualTo("POST"));
        Assert.That(upload.Fields["key"], Is.EqualTo(key));
        Assert.That(upload.Fields["Content-Type"], Is.EqualTo(ImageTypes.Jpeg));
        Assert.That(upload.ExpiresAt, Is.EqualTo(before + TimeSpan.FromMinutes(15)).Within(TimeSpan.FromMinutes(1)));
        Assert.That(upload.Url.Scheme, Is.EqualTo("http").Or.EqualTo("https"));
        // What storage enforces is in the signed policy: the size exactly, and the key and type it was made for.
        var policy = PostPolicyOf(upload);
        Assert.That((policy.MinimumSize, policy.MaximumSize), Is.EqualTo(((long?)4321, (long?)4321)));
        Assert.That(policy.Expiration, Is.EqualTo(upload.ExpiresAt).Within(TimeSpan.FromSeconds(1)));
        Assert.That(policy.Check(upload.Fields, Bucket, DateTimeOffset.UtcNow, UnsignedFields), Is.Null, "the form as given meets its own policy");
        Assert.That(policy.Check(With(upload.Fields, "key", NewKey()), Bucket, DateTimeOffset.UtcNow, UnsignedFields), Does.Contain("Condition failed"));
        Assert.That(policy.Check(With(upload.Fields, "Content-Type", "text/html"), Bucket, DateTimeOffset.UtcNow, UnsignedFields), Does.Contain("Condition failed"));
        Assert.That(policy.Check(upload.Fields, Bucket, DateTimeOffset.UtcNow.AddMinutes(16), UnsignedFields), Does.Contain("expired"));
    }

    [Test]
    public async Task PresignUploadAsync_PostOverHttp_StoresTheBytesUnderTheKey()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 4096);
        var upload = await Store.PresignUploadAsync(key, ImageTypes.Png, image.Length, TimeSpan.FromMinutes(5), default);

        using var response = await _http.SendAsync(UploadForm.Request(upload, image, "photo.png"));

        Assert.That(response.IsSuccessStatusCode, Is.True, $"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var stored = await Store.HeadAsync(key, default);
        Assert.That((stored?.Size, stored?.ContentType), Is.EqualTo((4096L, ImageTypes.Png)));
        Assert.That(await Store.ReadStartAsync(key, 8192, default), Is.EqualTo(image));
    }

    /// <summary>The bucket the store's policies name (S3's <c>bucket</c> condition); the folder store has none.</summary>
    protected virtual string Bucket => "";

    /// <summary>The form fields a store's policy leaves to its signature (S3's <c>x-amz-signature</c> is always one).</summary>
    protected virtual string[] UnsignedFields => [];

    private static PostPolicy PostPolicyOf(PresignedUpload upload)
    {
        var text = upload.Fields.FirstOrDefault(field => field.Key.Equals("policy", StringComparison.OrdinalIgnoreCase)).Value;
        return PostPolicy.Parse(text, out var problem) ?? throw new AssertionException($"The upload's policy does not read: {problem}");
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> fields, string name, string value) =>
        new(fields) { [name] = value };

    [Test]
    public async Task CopyAsync_FromTheUploadsArea_SameBytesUnderTheNewKeyAndTheOriginalKept()
    {
        var id = PhotoId.New(DateTimeOffset.UtcNow);
        var (upload, shown) = (PhotoKeys.Upload(id, ImageTypes.Png), PhotoKeys.Original(id, ImageTypes.Png));
        var image = TestImages.Png(bytes: 4000);
        await Store.PutAsync(upload, image, ImageTypes.Png, default);

        var version = (await Store.HeadAsync(upload, default))!.Version;

        await Store.CopyAsync(upload, shown, version, default);
        await Store.CopyAsync(upload, shown, version, default);

        var copied = await Store.HeadAsync(shown, default);
        Assert.That((copied?.Size, copied?.ContentType), Is.EqualTo(((long)image.Length, ImageTypes.Png)));
        Assert.That(await Store.ReadStartAsync(shown, 10_000, default), Is.EqualTo(image));
        Assert.That(await Store.HeadAsync(upload, default), Is.Not.Null);
    }

    [Test]
    public async Task CopyAsync_SourceReplacedSinceMeasured_RefusedAndNothingCopied()
    {
        var id = PhotoId.New(DateTimeOffset.UtcNow);
        var (upload, shown) = (PhotoKeys.Upload(id, ImageTypes.Png), PhotoKeys.Original(id, ImageTypes.Png));
        await Store.PutAsync(upload, TestImages.Png(bytes: 4000), ImageTypes.Png, default);
        var measured = (await Store.HeadAsync(upload, default))!.Version;
        await Store.PutAsync(upload, TestImages.Png(bytes: 9000), ImageTypes.Png, default);

        var error = await Assert.ThrowsAsync<GalleryException>(() => Store.CopyAsync(upload, shown, measured, default));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.UploadMismatch));
        Assert.That(await Store.HeadAsync(shown, default), Is.Null);
    }

    [Test]
    public async Task HeadAsync_Replaced_VersionChanges()
    {
        var key = NewKey();
        await Store.PutAsync(key, TestImages.Png(bytes: 300), ImageTypes.Png, default);
        var first = (await Store.HeadAsync(key, default))!.Version;
        await Store.PutAsync(key, TestImages.Png(bytes: 301), ImageTypes.Png, default);

        Assert.That((await Store.HeadAsync(key, default))!.Version, Is.Not.EqualTo(first));
    }

    /// <summary>A key no other test uses, in the photo layout.</summary>
    protected static string NewKey() => PhotoKeys.Original(PhotoId.New(DateTimeOffset.UtcNow), ImageTypes.Png);
}
