using NUnit.Framework;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

public sealed class GetPhotosFunctionTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public void SetUp() => _gallery = new TestGallery();

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private Task<Reply> ListAsync(string? limit = null, string? cursor = null)
    {
        var proxyEvent = ApiEvent.For("getphotos").AsUser("bob");
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
    public async Task GetPhotos_NoClaims_401NotAuthorized() =>
        (await _gallery.InvokeAsync("getphotos", ApiEvent.For("getphotos"))).ShouldBeProblem(401, "NotAuthorized");
}
