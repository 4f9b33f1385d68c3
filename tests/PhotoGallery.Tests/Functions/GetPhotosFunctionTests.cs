using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Photos;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

public sealed class GetPhotosFunctionTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public void SetUp() => _gallery = new TestGallery();

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private Task<Reply> ListAsync(string? limit = null, string? cursor = null, string viewer = "bob")
    {
        var proxyEvent = ApiEvent.For("getphotos").AsUser(viewer);
        if (limit is not null) proxyEvent.WithQuery("limit", limit);
        if (cursor is not null) proxyEvent.WithQuery("cursor", cursor);
        return _gallery.InvokeAsync("getphotos", proxyEvent);
    }

    private async Task<List<string>> AddPhotosAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var photo = await _gallery.AddPhotoAsync(i % 2 == 0 ? "alice" : "carol", $"Photo {i}");
            ids.Add(photo.GetProperty("photoId").GetString()!);
            _gallery.Clock.Advance(TimeSpan.FromSeconds(i % 3)); // some photos share a timestamp
        }
        return ids;
    }

    [Test]
    public async Task GetPhotos_Empty_200NoPhotosNoCursor()
    {
        var reply = await ListAsync();

        Assert.That(reply.ShouldBe(200).Json.GetProperty("photos").GetArrayLength(), Is.Zero);
        Assert.That(reply.Json.GetProperty("nextCursor").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }

    [Test]
    public async Task GetPhotos_PagedByCursor_EveryPhotoOnceNewestFirst()
    {
        var added = await AddPhotosAsync(11);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var reply = (await ListAsync("4", cursor)).ShouldBe(200);
            var photos = reply.Json.GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("photoId").GetString()!).ToList();
            Assert.That(photos, Has.Count.LessThanOrEqualTo(4));
            seen.AddRange(photos);
            cursor = reply.Json.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.That(pages, Is.EqualTo(3));
        // Newest first; photos created in the same millisecond come in descending id order.
        var expected = added.OrderByDescending(id => id, StringComparer.Ordinal).ToList();
        Assert.That(seen, Is.EqualTo(expected), "newest first, each exactly once");
    }

    [Test]
    public async Task GetPhotos_NoLimit_24PerPage()
    {
        await AddPhotosAsync(25);

        var reply = (await ListAsync()).ShouldBe(200);

        Assert.That(reply.Json.GetProperty("photos").GetArrayLength(), Is.EqualTo(24));
        Assert.That(reply.Json.GetProperty("nextCursor").GetString(), Is.Not.Null);
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("101")]
    [TestCase("1000000000000")]
    [TestCase("lots")]
    public async Task GetPhotos_BadLimit_400InvalidParameter(string limit) =>
        (await ListAsync(limit)).ShouldBeProblem(400, "InvalidParameter");

    [TestCase("garbage")]
    [TestCase("djF8bm90LWEtdGltZXwwMUpEM1pLOFEyVjdXNFg5WTZUNVIzUDFOTQ")]
    [TestCase("%%%")]
    public async Task GetPhotos_ForgedCursor_400InvalidCursor(string cursor) =>
        (await ListAsync(cursor: cursor)).ShouldBeProblem(400, "InvalidCursor");

    [Test]
    public async Task GetPhotos_Processing_ListedWithNullUrlsAndNeverAnOriginal()
    {
        await AddPhotosAsync(3);

        var photos = (await ListAsync()).ShouldBe(200).Json.GetProperty("photos");

        Assert.That(photos.EnumerateArray().Select(p => p.GetProperty("imageState").GetString()), Is.All.EqualTo("processing"));
        Assert.That(photos.EnumerateArray().Select(p => p.GetProperty("thumbnailUrl").ValueKind), Is.All.EqualTo(JsonValueKind.Null));
        Assert.That(photos.EnumerateArray().Select(p => p.GetProperty("imageUrl").ValueKind), Is.All.EqualTo(JsonValueKind.Null));
        TestGallery.ShouldNameNoOriginal(photos);
    }

    [Test]
    public async Task GetPhotos_OnceRecordedReady_UrlsAreTheVariants()
    {
        var ids = await AddPhotosAsync(2);
        await _gallery.RecordReadyAsync(ids[0], 800, 600);

        var photos = (await ListAsync()).ShouldBe(200).Json.GetProperty("photos").EnumerateArray().ToDictionary(p => p.GetProperty("photoId").GetString()!);

        var ready = photos[ids[0]];
        Assert.That(ready.GetProperty("imageState").GetString(), Is.EqualTo("ready"));
        Assert.That(new Uri(ready.GetProperty("thumbnailUrl").GetString()!).AbsolutePath, Does.EndWith(PhotoKeys.Thumbnail(ids[0])));
        Assert.That(new Uri(ready.GetProperty("imageUrl").GetString()!).AbsolutePath, Does.EndWith(PhotoKeys.Display(ids[0])));
        Assert.That((ready.GetProperty("width").GetInt32(), ready.GetProperty("height").GetInt32()), Is.EqualTo((800, 600)));
        Assert.That(photos[ids[1]].GetProperty("thumbnailUrl").ValueKind, Is.EqualTo(JsonValueKind.Null), "the other is still processing");
    }

    [Test]
    public async Task GetPhotos_MixedOwners_OriginalUrlOnlyOnTheViewersOwnPhotos()
    {
        var ids = await AddPhotosAsync(4); // alice, carol, alice, carol

        var photos = (await ListAsync(viewer: "alice")).ShouldBe(200).Json.GetProperty("photos").EnumerateArray().ToList();

        foreach (var photo in photos)
        {
            var original = photo.GetProperty("originalUrl");
            if (photo.GetProperty("owner").GetString() == "alice")
                Assert.That(original.GetString(), Does.Contain($"/photos/{photo.GetProperty("photoId").GetString()}/original.png"));
            else
                Assert.That(original.ValueKind, Is.EqualTo(JsonValueKind.Null), "carol's original went to alice");
        }
        Assert.That(photos, Has.Count.EqualTo(ids.Count));
    }

    [Test]
    public async Task GetPhotos_AgainWithinTheSigningWindow_SameUrlsAndNewOnesAfterIt()
    {
        var ids = await AddPhotosAsync(1);
        await _gallery.RecordReadyAsync(ids[0]);
        var window = PhotoLimits.Default.ViewWindow;
        _gallery.Clock.Advance(window - TimeSpan.FromTicks(_gallery.Clock.GetUtcNow().Ticks % window.Ticks)); // the start of a window

        var first = await ThumbnailUrlAsync();
        _gallery.Clock.Advance(window - TimeSpan.FromSeconds(1));
        var sameWindow = await ThumbnailUrlAsync();
        _gallery.Clock.Advance(TimeSpan.FromSeconds(1));
        var nextWindow = await ThumbnailUrlAsync();

        Assert.That(sameWindow, Is.EqualTo(first), "a revisit within the window must hit the browser's cache");
        Assert.That(nextWindow, Is.Not.EqualTo(first));
    }

    private async Task<string> ThumbnailUrlAsync() =>
        (await ListAsync()).ShouldBe(200).Json.GetProperty("photos")[0].GetProperty("thumbnailUrl").GetString()!;

    [Test]
    public async Task GetPhotos_NoClaims_401NotAuthorized() =>
        (await _gallery.InvokeAsync("getphotos", ApiEvent.For("getphotos"))).ShouldBeProblem(401, "NotAuthorized");
}
