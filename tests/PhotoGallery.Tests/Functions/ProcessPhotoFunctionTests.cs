using System.Text;
using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Photos;
using PhotoGallery.Functions.ProcessPhoto;
using PhotoGallery.Tests.Support;
using SkiaSharp;

namespace PhotoGallery.Tests.Functions;

/// <summary>
/// processphoto on the embedded backends: photos uploaded the way curl uploads them (start, PUT the bytes,
/// complete), then the S3 ObjectCreated event for the published original, as S3 sends it to Lambda.
/// </summary>
public sealed class ProcessPhotoFunctionTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public void SetUp() => _gallery = new TestGallery();

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    [Test]
    public async Task HandleAsync_ObjectCreatedForCompletePhoto_ReadyWithUprightSizeAndVariantsStored()
    {
        // A phone photo taken upright: stored 1200×800 with EXIF orientation 6, a camera and a GPS position.
        var original = TestPhotos.CameraJpeg(1200, 800, orientation: 6);
        var id = await UploadAsync(original, ImageTypes.Jpeg);

        var response = await InvokeAsync(StorageEvent.ObjectCreated(PhotoKeys.Original(id, ImageTypes.Jpeg), original.Length));

        Assert.That(response, Is.EqualTo("""{"processed":1}"""));
        var photo = await PhotoAsync(id);
        Assert.That(photo.ImageState, Is.EqualTo(ImageState.Ready), photo.ImageProblem);
        Assert.That((photo.Width, photo.Height), Is.EqualTo((800, 1200)), "the upright size, not the header's 1200×800");
        Assert.That(photo.Variants, Is.EqualTo(new PhotoVariants(PhotoKeys.Thumbnail(id), PhotoKeys.Display(id))));
        Assert.That(photo.ImageProblem, Is.Null);
        foreach (var (key, width, height) in new[] { (PhotoKeys.Thumbnail(id), 320, 480), (PhotoKeys.Display(id), 800, 1200) })
        {
            Assert.That((await _gallery.Backend.Store.HeadAsync(key, default))?.ContentType, Is.EqualTo(ImageTypes.Jpeg), key);
            var variant = await _gallery.Backend.Store.ReadStartAsync(key, int.MaxValue, default);
            Assert.That(JpegSegments.Read(variant).Where(s => s.IsExif || s.IsXmp || s.IsIcc || s.IsComment), Is.Empty, $"{key} carries metadata");
            Assert.That(Encoding.Latin1.GetString(variant), Does.Not.Contain(JpegSegments.CameraSerial), key);
            using var image = SKBitmap.Decode(variant);
            Assert.That((image.Width, image.Height), Is.EqualTo((width, height)), key);
        }
        var seen = await _gallery.InvokeAsync("getphoto", ApiEvent.For("getphoto").AsUser("bob").WithPhotoId(id));
        var json = seen.ShouldBe(200).Json.GetProperty("photo");
        Assert.That(json.GetProperty("imageState").GetString(), Is.EqualTo("ready"));
        Assert.That((json.GetProperty("width").GetInt32(), json.GetProperty("height").GetInt32()), Is.EqualTo((800, 1200)));
    }

    private static IEnumerable<TestCaseData> BadOriginals()
    {
        var photo = TestPhotos.CameraJpeg(640, 480);
        yield return new TestCaseData(photo[..(photo.Length * 6 / 10)], ImageTypes.Jpeg,
            "The file is not a complete JPEG image; upload it again.").SetArgDisplayNames("truncated JPEG");
        var png = TestImages.Landscape(320, 240, seed: 5);
        yield return new TestCaseData(png[..(png.Length / 2)], ImageTypes.Png,
            "The file is not a complete PNG image; upload it again.").SetArgDisplayNames("truncated PNG");
        yield return new TestCaseData(TestPhotos.BombPng(50_000, 50_000), ImageTypes.Png,
            "The image is 50000×50000 pixels (2500 megapixels); photos may have at most 100 megapixels.").SetArgDisplayNames("decompression bomb");
        var noise = new byte[3000];
        new Random(11).NextBytes(noise);
        byte[] jpegHeader = TestImages.Jpeg(640, 480);
        yield return new TestCaseData((byte[])[.. jpegHeader[..^4], .. noise], ImageTypes.Jpeg,
            "The file is not a readable JPEG image; save it again from your photo editor and upload that.").SetArgDisplayNames("JPEG header, then noise");
    }

    [TestCaseSource(nameof(BadOriginals))]
    public async Task HandleAsync_OriginalThatWillNotDecode_FailedWithReasonAndHostCarriesOn(byte[] original, string contentType, string reason)
    {
        var id = await UploadAsync(original, contentType);

        // Returns normally: Lambda must not retry a file that will never decode.
        var response = await InvokeAsync(StorageEvent.ObjectCreated(PhotoKeys.Original(id, contentType), original.Length));

        Assert.That(response, Is.EqualTo("""{"processed":1}"""));
        var photo = await PhotoAsync(id);
        Assert.That(photo.ImageState, Is.EqualTo(ImageState.Failed));
        Assert.That(photo.ImageProblem, Is.EqualTo(reason));
        Assert.That(photo.Variants, Is.Null);
        Assert.That(await _gallery.Backend.Store.HeadAsync(PhotoKeys.Thumbnail(id), default), Is.Null, "no thumbnail");
        var owners = await _gallery.InvokeAsync("getphoto", ApiEvent.For("getphoto").AsUser("alice").WithPhotoId(id));
        Assert.That(owners.ShouldBe(200).Json.GetProperty("photo").GetProperty("imageProblem").GetString(), Is.EqualTo(reason), "shown to its owner");

        var next = TestPhotos.CameraJpeg(400, 300);
        var nextId = await UploadAsync(next, ImageTypes.Jpeg);
        await InvokeAsync(StorageEvent.ObjectCreated(PhotoKeys.Original(nextId, ImageTypes.Jpeg), next.Length));
        Assert.That((await PhotoAsync(nextId)).ImageState, Is.EqualTo(ImageState.Ready), "the same host makes the next photo");
    }

    [Test]
    public async Task HandleAsync_OriginalStoredBeforeCompletionSaved_PhotoNotReadyThenReadyOnRetry()
    {
        // S3 announces the original as soon as completion copies it under photos/, a moment before the photo
        // item says complete: that attempt fails, records nothing, and Lambda's retry finds the photo complete.
        var original = TestPhotos.CameraJpeg(640, 480);
        var id = await StartAsync(original.Length, ImageTypes.Jpeg);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(id, ImageTypes.Jpeg), original, ImageTypes.Jpeg, default);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Original(id, ImageTypes.Jpeg), original, ImageTypes.Jpeg, default);
        var s3Event = StorageEvent.ObjectCreated(PhotoKeys.Original(id, ImageTypes.Jpeg), original.Length);

        await Assert.ThatAsync(() => InvokeAsync(s3Event), Throws.TypeOf<PhotoNotReadyException>());

        var pending = await PhotoAsync(id);
        Assert.That((pending.Status, pending.ImageState, pending.Variants, pending.ImageProblem), Is.EqualTo((PhotoStatus.Pending, ImageState.Processing, (PhotoVariants?)null, (string?)null)));
        (await CompleteAsync(id)).ShouldBe(200);
        await InvokeAsync(s3Event);
        Assert.That((await PhotoAsync(id)).ImageState, Is.EqualTo(ImageState.Ready));
    }

    [Test]
    public async Task HandleAsync_SameEventTwice_SameOutcome()
    {
        var original = TestPhotos.CameraJpeg(640, 480);
        var id = await UploadAsync(original, ImageTypes.Jpeg);
        var s3Event = StorageEvent.ObjectCreated(PhotoKeys.Original(id, ImageTypes.Jpeg), original.Length);

        await InvokeAsync(s3Event);
        var first = await PhotoAsync(id);
        await InvokeAsync(s3Event); // S3 delivers at least once

        Assert.That(await PhotoAsync(id), Is.EqualTo(first));
    }

    [TestCase("photos/{0}/thumbnail.jpg", "ObjectCreated:Put", TestName = "HandleAsync_VariantWritten_Ignored")]
    [TestCase("photos/{0}/display.jpg", "ObjectCreated:Put", TestName = "HandleAsync_DisplayImageWritten_Ignored")]
    [TestCase("uploads/{0}/original.jpg", "ObjectCreated:Put", TestName = "HandleAsync_UploadNotPublished_Ignored")]
    [TestCase("photos/{0}/original.jpg", "ObjectRemoved:Delete", TestName = "HandleAsync_OriginalRemoved_Ignored")]
    public async Task HandleAsync_EventNotForAPublishedOriginal_Ignored(string keyPattern, string eventName)
    {
        var id = PhotoId.New(_gallery.Clock.GetUtcNow());
        await _gallery.Backend.Index.SaveAsync(new Photo
        {
            PhotoId = id, Owner = "alice", Title = "Quiet", FileName = "quiet.jpg", ContentType = ImageTypes.Jpeg,
            Size = 1000, CreatedAt = _gallery.Clock.GetUtcNow(), Status = PhotoStatus.Complete,
        }, default);

        var response = await InvokeAsync(StorageEvent.ObjectCreated(string.Format(System.Globalization.CultureInfo.InvariantCulture, keyPattern, id), 1000, eventName));

        Assert.That(response, Is.EqualTo("""{"processed":0}"""));
        Assert.That((await PhotoAsync(id)).ImageState, Is.EqualTo(ImageState.Processing));
    }

    [Test]
    public async Task HandleAsync_NotAnS3Event_Throws() =>
        await Assert.ThatAsync(() => InvokeAsync("""{"Records": "nope"}"""), Throws.InstanceOf<JsonException>());

    private async Task<string> InvokeAsync(string eventJson)
    {
        await using var output = await _gallery.Functions["processphoto"](new MemoryStream(Encoding.UTF8.GetBytes(eventJson)));
        using var reader = new StreamReader(output);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Uploads a photo the way curl does with a large file: start, PUT the bytes to the upload URL, complete.</summary>
    private async Task<string> UploadAsync(byte[] image, string contentType)
    {
        var id = await StartAsync(image.Length, contentType);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(id, contentType), image, contentType, default);
        (await CompleteAsync(id)).ShouldBe(200);
        return id;
    }

    private async Task<string> StartAsync(long size, string contentType)
    {
        var reply = await _gallery.InvokeAsync("addphoto", ApiEvent.For("addphoto").AsUser("alice").WithBody(
            new { title = "Harbour at dawn", fileName = "harbour." + ImageTypes.Extension(contentType), contentType, size }));
        return reply.ShouldBe(201).Json.GetProperty("photo").GetProperty("photoId").GetString()!;
    }

    private Task<Reply> CompleteAsync(string photoId) =>
        _gallery.InvokeAsync("addphoto", ApiEvent.For("addphoto").AsUser("alice").WithBody(new { photoId, complete = true }));

    private async Task<Photo> PhotoAsync(string id) =>
        await _gallery.Backend.Index.FindAsync(id, default) ?? throw new AssertionException($"Photo {id} is gone.");
}
