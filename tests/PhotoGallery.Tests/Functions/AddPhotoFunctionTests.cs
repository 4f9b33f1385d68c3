using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Photos;
using PhotoGallery.Local.Storage;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

public sealed class AddPhotoFunctionTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public void SetUp() => _gallery = new TestGallery();

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private Task<Reply> AddAsync(object body, string user = "alice") =>
        _gallery.InvokeAsync("addphoto", ApiEvent.For("addphoto").AsUser(user).WithBody(body));

    private static object Inline(byte[] image, string contentType = "image/png", long? size = null, object? tags = null, byte[]? thumbnail = null) => new
    {
        title = "Sunset at the Beach",
        description = "Golden hour",
        tags = tags ?? new[] { "sea", "sky" },
        fileName = "sunset.png",
        contentType,
        size = size ?? image.Length,
        image = Convert.ToBase64String(image),
        thumbnail = thumbnail is null ? null : Convert.ToBase64String(thumbnail),
    };

    private static object Presigned(long size, string contentType = "image/jpeg") =>
        new { title = "Big mountain", fileName = "mountain.jpg", contentType, size };

    private async Task<int> ListedCountAsync()
    {
        var reply = await _gallery.InvokeAsync("getphotos", ApiEvent.For("getphotos").AsUser("alice"));
        return reply.Json.GetProperty("photos").GetArrayLength();
    }

    private async Task<byte[]> StoredBytesAsync(string key)
    {
        var head = await _gallery.Backend.Store.HeadAsync(key, default);
        return head is null ? [] : await _gallery.Backend.Store.ReadStartAsync(key, (int)head.Size, default);
    }

    [Test]
    public async Task AddPhoto_InlineImage_201StoredListedWithOwnerFromClaims()
    {
        var image = TestImages.Png(8, 6);

        var reply = await AddAsync(Inline(image));

        reply.ShouldBe(201);
        var photo = reply.Json.GetProperty("photo");
        Assert.That(photo.GetProperty("owner").GetString(), Is.EqualTo("alice"));
        Assert.That(photo.GetProperty("width").GetInt32(), Is.EqualTo(8));
        Assert.That(photo.GetProperty("height").GetInt32(), Is.EqualTo(6));
        Assert.That(photo.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "sea", "sky" }));
        Assert.That(photo.GetProperty("createdAt").GetString(), Is.EqualTo("2026-11-22T08:00:00.000Z"));
        var id = photo.GetProperty("photoId").GetString()!;
        Assert.That(await StoredBytesAsync(PhotoKeys.Original(id, "image/png")), Is.EqualTo(image));
        Assert.That(await ListedCountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task AddPhoto_OwnerInBody_IgnoredInFavourOfClaims()
    {
        var image = TestImages.Png();
        var reply = await _gallery.InvokeAsync("addphoto", ApiEvent.For("addphoto").AsUser("alice").WithBody(new
        {
            title = "Mine", fileName = "a.png", contentType = "image/png", size = image.Length,
            image = Convert.ToBase64String(image), owner = "mallory",
        }));

        Assert.That(reply.ShouldBe(201).Json.GetProperty("photo").GetProperty("owner").GetString(), Is.EqualTo("alice"));
    }

    [Test]
    public async Task AddPhoto_TagsAsCommaString_SplitTrimmedAndDeduplicated()
    {
        var reply = await AddAsync(Inline(TestImages.Png(), tags: " beach, Sunset ,, beach, SUNSET"));

        var tags = reply.ShouldBe(201).Json.GetProperty("photo").GetProperty("tags").EnumerateArray().Select(t => t.GetString());
        Assert.That(tags, Is.EqualTo(new[] { "beach", "Sunset" }));
    }

    [Test]
    public async Task AddPhoto_InlineWithDeprecatedThumbnail_201AndTheThumbnailIgnored()
    {
        var photo = (await AddAsync(Inline(TestImages.Png(), thumbnail: TestImages.Jpeg(40, 30)))).ShouldBe(201).Json.GetProperty("photo");

        var id = photo.GetProperty("photoId").GetString()!;
        Assert.That(await _gallery.Backend.Store.HeadAsync(PhotoKeys.Thumbnail(id), default), Is.Null, "only processphoto writes thumbnails");
        Assert.That(photo.GetProperty("thumbnailUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task AddPhoto_Inline_201ProcessingWithNoImageUrlsAndTheOriginalForItsOwner()
    {
        var photo = (await AddAsync(Inline(TestImages.Png()))).ShouldBe(201).Json.GetProperty("photo");

        var id = photo.GetProperty("photoId").GetString()!;
        Assert.That(photo.GetProperty("imageState").GetString(), Is.EqualTo("processing"));
        Assert.That(photo.GetProperty("imageUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(photo.GetProperty("thumbnailUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(photo.GetProperty("imageProblem").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(new Uri(photo.GetProperty("originalUrl").GetString()!).AbsolutePath, Does.EndWith(PhotoKeys.Original(id, "image/png")));
    }

    [Test]
    public async Task AddPhoto_NoClaims_401NotAuthorized()
    {
        var reply = await _gallery.InvokeAsync("addphoto", ApiEvent.For("addphoto").WithBody(Inline(TestImages.Png())));

        reply.ShouldBeProblem(401, "NotAuthorized");
        Assert.That(await ListedCountAsync(), Is.Zero);
    }

    [TestCase("image/bmp")]
    [TestCase("text/html")]
    [TestCase("image/svg+xml")]
    public async Task AddPhoto_UnsupportedType_400UnsupportedImageType(string contentType) =>
        (await AddAsync(Inline(TestImages.Png(), contentType))).ShouldBeProblem(400, "UnsupportedImageType");

    [Test]
    public async Task AddPhoto_BytesAreAnotherType_400ImageTypeMismatchAndNothingListed()
    {
        var reply = await AddAsync(Inline(TestImages.Png(), contentType: "image/jpeg"));

        reply.ShouldBeProblem(400, "ImageTypeMismatch");
        Assert.That(reply.Detail, Does.Contain("image/png"));
        Assert.That(await ListedCountAsync(), Is.Zero);
    }

    [Test]
    public async Task AddPhoto_BytesAreNotAnImage_400ImageTypeMismatch() =>
        (await AddAsync(Inline("<html>hello</html>"u8.ToArray()))).ShouldBeProblem(400, "ImageTypeMismatch");

    [Test]
    public async Task AddPhoto_ThumbnailNotJpeg_400ImageTypeMismatch() =>
        (await AddAsync(Inline(TestImages.Png(), thumbnail: TestImages.Png()))).ShouldBeProblem(400, "ImageTypeMismatch");

    [Test]
    public async Task AddPhoto_SizeDisagreesWithImage_400InvalidParameter()
    {
        var reply = await AddAsync(Inline(TestImages.Png(), size: 5));

        reply.ShouldBeProblem(400, "InvalidParameter");
        Assert.That(reply.Detail, Does.Contain("'size'"));
    }

    [Test]
    public async Task AddPhoto_InvalidBase64_400InvalidParameter()
    {
        var reply = await AddAsync(new { title = "x", fileName = "x.png", contentType = "image/png", size = 10, image = "not base64!!" });

        reply.ShouldBeProblem(400, "InvalidParameter");
        Assert.That(reply.Detail, Does.Contain("base64"));
    }

    [Test]
    public async Task AddPhoto_InlineOver4MiB_413PayloadTooLargePointingToPresignedUpload()
    {
        var image = TestImages.Png(bytes: 4 * 1024 * 1024 + 1000);

        var reply = await AddAsync(Inline(image));

        reply.ShouldBeProblem(413, "PayloadTooLarge");
        Assert.That(reply.Detail, Does.Contain("presigned"));
        Assert.That(await ListedCountAsync(), Is.Zero);
    }

    [Test]
    public async Task AddPhoto_DeclaredOver50MiB_413PayloadTooLarge() =>
        (await AddAsync(Presigned(50L * 1024 * 1024 + 1))).ShouldBeProblem(413, "PayloadTooLarge");

    [TestCase(0)]
    [TestCase(-1)]
    public async Task AddPhoto_SizeNotPositive_400InvalidParameter(long size) =>
        (await AddAsync(Presigned(size))).ShouldBeProblem(400, "InvalidParameter");

    [Test]
    public async Task AddPhoto_TitleMissing_400InvalidParameterNamingIt()
    {
        var reply = await AddAsync(new { fileName = "x.jpg", contentType = "image/jpeg", size = 10 });

        reply.ShouldBeProblem(400, "InvalidParameter");
        Assert.That(reply.Detail, Does.Contain("'title'"));
    }

    [Test]
    public async Task AddPhoto_TooManyTags_400InvalidParameter() =>
        (await AddAsync(Inline(TestImages.Png(), tags: Enumerable.Range(0, 21).Select(i => $"t{i}").ToArray()))).ShouldBeProblem(400, "InvalidParameter");

    [Test]
    public async Task AddPhoto_TitleTooLong_400InvalidParameter() =>
        (await AddAsync(new { title = new string('x', 201), fileName = "x.jpg", contentType = "image/jpeg", size = 10 })).ShouldBeProblem(400, "InvalidParameter");

    [Test]
    public async Task AddPhoto_Presigned_201PendingWithSignedUploadAndNotListed()
    {
        var reply = await AddAsync(Presigned(5_000_000));

        reply.ShouldBe(201);
        var upload = reply.Json.GetProperty("upload");
        Assert.That(upload.GetProperty("method").GetString(), Is.EqualTo("POST"));
        var fields = upload.GetProperty("fields");
        Assert.That(fields.GetProperty("key").GetString(), Does.StartWith("uploads/").And.EndWith("/original.jpg"));
        Assert.That(fields.GetProperty("Content-Type").GetString(), Is.EqualTo("image/jpeg"));
        var policy = PostPolicy.Parse(fields.GetProperty("policy").GetString(), out var problem);
        Assert.That((policy?.MinimumSize, policy?.MaximumSize), Is.EqualTo(((long?)5_000_000, (long?)5_000_000)), problem);
        Assert.That(DateTimeOffset.Parse(upload.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(_gallery.Clock.GetUtcNow().AddMinutes(15)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(reply.Json.TryGetProperty("thumbnailUpload", out _), Is.False, "the server makes thumbnails: none is uploaded");
        Assert.That(reply.Json.GetProperty("photo").GetProperty("originalUrl").ValueKind, Is.EqualTo(JsonValueKind.Null), "its bytes are not there yet");
        Assert.That(await ListedCountAsync(), Is.Zero);
        var id = reply.Json.GetProperty("photo").GetProperty("photoId").GetString()!;
        var get = await _gallery.InvokeAsync("getphoto", ApiEvent.For("getphoto").AsUser("alice").WithPhotoId(id));
        get.ShouldBeProblem(404, "PhotoNotFound");
    }

    [Test]
    public async Task AddPhoto_PendingPhotosAtTheLimit_429TooManyPendingPhotosNamingIt()
    {
        for (var i = 0; i < PhotoLimits.Default.MaxPendingPhotos; i++) await StartAsync(1000);

        var reply = await AddAsync(Presigned(1000));

        reply.ShouldBeProblem(429, "TooManyPendingPhotos");
        Assert.That(reply.Detail, Does.Contain($"{PhotoLimits.Default.MaxPendingPhotos} uploads open"));
    }

    [Test]
    public async Task AddPhoto_PendingPhotosAtTheLimitForAnotherUser_201()
    {
        for (var i = 0; i < PhotoLimits.Default.MaxPendingPhotos; i++) await StartAsync(1000);

        var reply = await _gallery.InvokeAsync("addphoto", ApiEvent.For("addphoto").AsUser("bob").WithBody(Presigned(1000)));

        reply.ShouldBe(201);
    }

    [Test]
    public async Task AddPhoto_AtTheLimitThenOneCompleted_201AgainForOne()
    {
        var image = TestImages.Jpeg();
        var first = await StartAsync(image.Length);
        for (var i = 1; i < PhotoLimits.Default.MaxPendingPhotos; i++) await StartAsync(1000);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(first, "image/jpeg"), image, "image/jpeg", default);
        (await CompleteAsync(first)).ShouldBe(200);

        (await AddAsync(Presigned(1000))).ShouldBe(201);
        (await AddAsync(Presigned(1000))).ShouldBeProblem(429, "TooManyPendingPhotos");
    }

    [Test]
    public async Task AddPhoto_AtTheLimitUntilTheUploadLinksExpire_201Again()
    {
        for (var i = 0; i < PhotoLimits.Default.MaxPendingPhotos; i++) await StartAsync(1000);
        _gallery.Clock.Advance(PhotoLimits.Default.UploadLifetime - TimeSpan.FromSeconds(1));
        (await AddAsync(Presigned(1000))).ShouldBeProblem(429, "TooManyPendingPhotos");

        _gallery.Clock.Advance(TimeSpan.FromSeconds(2));

        (await AddAsync(Presigned(1000))).ShouldBe(201);
    }

    [Test]
    public async Task AddPhoto_InlinePhotosAtTheLimit_201NotCounted()
    {
        for (var i = 0; i < PhotoLimits.Default.MaxPendingPhotos; i++) await StartAsync(1000);

        (await AddAsync(Inline(TestImages.Png()))).ShouldBe(201);
    }

    [Test]
    public async Task AddPhoto_PresignedThenUploadedThenComplete_200VisibleWithSize()
    {
        var image = TestImages.Jpeg(1600, 1200, exifBytes: 5000);
        var id = await StartAsync(image.Length);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(id, "image/jpeg"), image, "image/jpeg", default);

        var reply = await CompleteAsync(id);

        var photo = reply.ShouldBe(200).Json.GetProperty("photo");
        Assert.That(photo.GetProperty("width").GetInt32(), Is.EqualTo(1600));
        Assert.That(photo.GetProperty("imageState").GetString(), Is.EqualTo("processing"));
        Assert.That(photo.GetProperty("thumbnailUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(photo.GetProperty("originalUrl").GetString(), Does.Contain($"photos/{id}/original.jpg"));
        Assert.That(await StoredBytesAsync(PhotoKeys.Original(id, "image/jpeg")), Is.EqualTo(image), "checked bytes are copied where photos are shown");
        Assert.That(await ListedCountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task AddPhoto_BytesPutWhereShownInsteadOfTheUploadUrl_409UploadIncomplete()
    {
        var image = TestImages.Jpeg();
        var id = await StartAsync(image.Length);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Original(id, "image/jpeg"), image, "image/jpeg", default);

        (await CompleteAsync(id)).ShouldBeProblem(409, "UploadIncomplete");
    }

    [Test]
    public async Task AddPhoto_PresignedWithDeprecatedThumbnail_CompletesWithNoThumbnailStored()
    {
        var image = TestImages.Jpeg();
        var start = await AddAsync(new
        {
            title = "Big", fileName = "big.jpg", contentType = "image/jpeg", size = image.Length,
            thumbnail = Convert.ToBase64String(TestImages.Jpeg(40, 30)),
        });
        var id = start.ShouldBe(201).Json.GetProperty("photo").GetProperty("photoId").GetString()!;
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(id, "image/jpeg"), image, "image/jpeg", default);

        var photo = (await CompleteAsync(id)).ShouldBe(200).Json.GetProperty("photo");

        Assert.That(photo.GetProperty("thumbnailUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(await _gallery.Backend.Store.HeadAsync(PhotoKeys.Thumbnail(id), default), Is.Null);
    }

    [Test]
    public async Task AddPhoto_CompleteTwice_200BothTimesListedOnce()
    {
        var image = TestImages.Jpeg();
        var id = await StartAsync(image.Length);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(id, "image/jpeg"), image, "image/jpeg", default);

        (await CompleteAsync(id)).ShouldBe(200);
        (await CompleteAsync(id)).ShouldBe(200);

        Assert.That(await ListedCountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task AddPhoto_CompleteBeforeUpload_409UploadIncomplete()
    {
        var id = await StartAsync(1234);

        (await CompleteAsync(id)).ShouldBeProblem(409, "UploadIncomplete");
        Assert.That(await ListedCountAsync(), Is.Zero);
    }

    [Test]
    public async Task AddPhoto_UploadedSizeDiffers_400UploadMismatch()
    {
        var image = TestImages.Jpeg();
        var id = await StartAsync(image.Length + 10);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(id, "image/jpeg"), image, "image/jpeg", default);

        (await CompleteAsync(id)).ShouldBeProblem(400, "UploadMismatch");
        Assert.That(await ListedCountAsync(), Is.Zero);
    }

    [Test]
    public async Task AddPhoto_UploadedBytesNotTheDeclaredType_400ImageTypeMismatch()
    {
        var png = TestImages.Png();
        var id = await StartAsync(png.Length);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(id, "image/jpeg"), png, "image/jpeg", default);

        (await CompleteAsync(id)).ShouldBeProblem(400, "ImageTypeMismatch");
        Assert.That(await ListedCountAsync(), Is.Zero);
    }

    [Test]
    public async Task AddPhoto_CompleteSomeoneElsesUpload_403Forbidden()
    {
        var image = TestImages.Jpeg();
        var id = await StartAsync(image.Length);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(id, "image/jpeg"), image, "image/jpeg", default);

        (await CompleteAsync(id, user: "mallory")).ShouldBeProblem(403, "Forbidden");
    }

    [TestCase("01JD3ZK8Q2V7W4X9Y6T5R3P1NM")]
    [TestCase("../../etc/passwd")]
    public async Task AddPhoto_CompleteUnknownPhoto_404PhotoNotFound(string id) =>
        (await CompleteAsync(id)).ShouldBeProblem(404, "PhotoNotFound");

    [Test]
    public async Task AddPhoto_CompleteAfterPendingExpired_404PhotoNotFound()
    {
        var image = TestImages.Jpeg();
        var id = await StartAsync(image.Length);
        await _gallery.Backend.Store.PutAsync(PhotoKeys.Upload(id, "image/jpeg"), image, "image/jpeg", default);
        _gallery.Clock.Advance(TimeSpan.FromHours(25));

        (await CompleteAsync(id)).ShouldBeProblem(404, "PhotoNotFound");
    }

    private async Task<string> StartAsync(long size)
    {
        var reply = await AddAsync(Presigned(size));
        return reply.ShouldBe(201).Json.GetProperty("photo").GetProperty("photoId").GetString()!;
    }

    private Task<Reply> CompleteAsync(string photoId, string user = "alice") =>
        AddAsync(new { photoId, complete = true }, user);
}
