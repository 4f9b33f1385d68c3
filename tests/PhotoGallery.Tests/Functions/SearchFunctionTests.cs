using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Photos;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

public sealed class SearchFunctionTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public async Task SetUp()
    {
        _gallery = new TestGallery();
        await _gallery.AddPhotoAsync("alice", "Sunset at the Beach", "Golden hour in Biarritz", ["sea"]);
        _gallery.Clock.Advance(TimeSpan.FromMinutes(1));
        await _gallery.AddPhotoAsync("bob", "Café de Flore", "Crème brûlée", ["Paris", "food"]);
        _gallery.Clock.Advance(TimeSpan.FromMinutes(1));
        await _gallery.AddPhotoAsync("carol", "Mountain sunrise", "", ["alps", "sun"]);
    }

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private async Task<List<string>> TitlesAsync(string query)
    {
        var reply = (await SearchAsync(query)).ShouldBe(200);
        Assert.That(reply.Json.GetProperty("query").GetString(), Is.EqualTo(query.Trim()));
        return reply.Json.GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();
    }

    private Task<Reply> SearchAsync(string? query, string? limit = null, string? cursor = null)
    {
        var proxyEvent = ApiEvent.For("search").AsUser("dave");
        if (query is not null) proxyEvent.WithQuery("q", query);
        if (limit is not null) proxyEvent.WithQuery("limit", limit);
        if (cursor is not null) proxyEvent.WithQuery("cursor", cursor);
        return _gallery.InvokeAsync("search", proxyEvent);
    }

    [TestCase("sun", new[] { "Mountain sunrise", "Sunset at the Beach" })]
    [TestCase("SUNS", new[] { "Sunset at the Beach" })]
    [TestCase("cafe", new[] { "Café de Flore" })]
    [TestCase("CRÈME brul", new[] { "Café de Flore" })]
    [TestCase("paris", new[] { "Café de Flore" })]
    [TestCase("bob", new[] { "Café de Flore" })]
    [TestCase("sun alps", new[] { "Mountain sunrise" })]
    [TestCase("sun paris", new string[0])]
    [TestCase("unset", new string[0])]
    [TestCase("xyzzy", new string[0])]
    public async Task Search_Query_EveryWordPrefixesAWordNewestFirst(string query, string[] titles) =>
        Assert.That(await TitlesAsync(query), Is.EqualTo(titles));

    [Test]
    public async Task Search_Paged_CursorContinues()
    {
        var first = (await SearchAsync("sun", limit: "1")).ShouldBe(200);
        var cursor = first.Json.GetProperty("nextCursor").GetString();
        var second = (await SearchAsync("sun", limit: "1", cursor: cursor)).ShouldBe(200);

        Assert.That(first.Json.GetProperty("photos")[0].GetProperty("title").GetString(), Is.EqualTo("Mountain sunrise"));
        Assert.That(second.Json.GetProperty("photos")[0].GetProperty("title").GetString(), Is.EqualTo("Sunset at the Beach"));
        Assert.That(second.Json.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Search_ResultsProcessingThenReady_NullUrlsThenTheVariantsAndNeverAnOriginal()
    {
        var processing = (await SearchAsync("sun")).ShouldBe(200).Json.GetProperty("photos");
        Assert.That(processing.EnumerateArray().Select(p => p.GetProperty("thumbnailUrl").ValueKind), Is.All.EqualTo(JsonValueKind.Null));
        TestGallery.ShouldNameNoOriginal(processing);
        var id = processing[0].GetProperty("photoId").GetString()!;

        await _gallery.RecordReadyAsync(id);
        var ready = (await SearchAsync("sun")).ShouldBe(200).Json.GetProperty("photos");

        Assert.That(new Uri(ready[0].GetProperty("thumbnailUrl").GetString()!).AbsolutePath, Does.EndWith(PhotoKeys.Thumbnail(id)));
        Assert.That(new Uri(ready[0].GetProperty("imageUrl").GetString()!).AbsolutePath, Does.EndWith(PhotoKeys.Display(id)));
        TestGallery.ShouldNameNoOriginal(ready);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    [TestCase("!!")]
    public async Task Search_EmptyQuery_400InvalidParameter(string? query) =>
        (await SearchAsync(query)).ShouldBeProblem(400, "InvalidParameter");

    [Test]
    public async Task Search_BadCursor_400InvalidCursor() =>
        (await SearchAsync("sun", cursor: "nope")).ShouldBeProblem(400, "InvalidCursor");

    [Test]
    public async Task Search_NoClaims_401NotAuthorized() =>
        (await _gallery.InvokeAsync("search", ApiEvent.For("search").WithQuery("q", "sun"))).ShouldBeProblem(401, "NotAuthorized");
}
