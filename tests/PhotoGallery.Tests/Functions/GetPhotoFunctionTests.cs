using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Photos;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

public sealed class GetPhotoFunctionTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public void SetUp() => _gallery = new TestGallery();

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private Task<Reply> GetAsync(string photoId, string? user = "bob")
    {
        var proxyEvent = ApiEvent.For("getphoto").WithPhotoId(photoId);
        return _gallery.InvokeAsync("getphoto", user is null ? proxyEvent : proxyEvent.AsUser(user));
    }

    [Test]
    public async Task GetPhoto_SomeoneElsesPhoto_200SharedGalleryWithOwner()
    {
        var added = await _gallery.AddPhotoAsync("alice", "Harbour lights", "Night", ["boats"]);

        var reply = await GetAsync(added.GetProperty("photoId").GetString()!);

        var photo = reply.ShouldBe(200).Json.GetProperty("photo");
        Assert.That(photo.GetProperty("owner").GetString(), Is.EqualTo("alice"));
        Assert.That(photo.GetProperty("title").GetString(), Is.EqualTo("Harbour lights"));
        Assert.That(photo.GetProperty("description").GetString(), Is.EqualTo("Night"));
        Assert.That(photo.GetProperty("contentType").GetString(), Is.EqualTo("image/png"));
    }

    [Test]
    public async Task GetPhoto_Processing_NoImageUrlsAndNoOriginalForOtherUsers()
    {
        var id = (await _gallery.AddPhotoAsync("alice", "Harbour lights")).GetProperty("photoId").GetString()!;

        var photo = (await GetAsync(id)).ShouldBe(200).Json.GetProperty("photo");

        Assert.That(photo.GetProperty("imageState").GetString(), Is.EqualTo("processing"));
        Assert.That(photo.GetProperty("imageUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(photo.GetProperty("thumbnailUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(photo.GetProperty("originalUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
        TestGallery.ShouldNameNoOriginal(photo);
    }

    [Test]
    public async Task GetPhoto_Ready_UrlsAreTheVariantsWithTheirSize()
    {
        var id = (await _gallery.AddPhotoAsync("alice", "Harbour lights")).GetProperty("photoId").GetString()!;
        await _gallery.RecordReadyAsync(id, 2048, 1536);

        var photo = (await GetAsync(id)).ShouldBe(200).Json.GetProperty("photo");

        Assert.That(photo.GetProperty("imageState").GetString(), Is.EqualTo("ready"));
        Assert.That(new Uri(photo.GetProperty("imageUrl").GetString()!).AbsolutePath, Does.EndWith(PhotoKeys.Display(id)));
        Assert.That(new Uri(photo.GetProperty("thumbnailUrl").GetString()!).AbsolutePath, Does.EndWith(PhotoKeys.Thumbnail(id)));
        Assert.That((photo.GetProperty("width").GetInt32(), photo.GetProperty("height").GetInt32()), Is.EqualTo((2048, 1536)));
        TestGallery.ShouldNameNoOriginal(photo);
        foreach (var member in new[] { "imageUrl", "thumbnailUrl" })
            Assert.That(Uri.IsWellFormedUriString(photo.GetProperty(member).GetString(), UriKind.Absolute), Is.True,
                $"{member} must be written escaped (a space in a signed query breaks the link): {photo.GetProperty(member)}");
    }

    [Test]
    public async Task GetPhoto_Owner_GetsTheOriginalsUrlAsWell()
    {
        var id = (await _gallery.AddPhotoAsync("alice", "Harbour lights")).GetProperty("photoId").GetString()!;
        await _gallery.RecordReadyAsync(id);

        var photo = (await GetAsync(id, user: "alice")).ShouldBe(200).Json.GetProperty("photo");

        Assert.That(new Uri(photo.GetProperty("originalUrl").GetString()!).AbsolutePath, Does.EndWith(PhotoKeys.Original(id, "image/png")));
        Assert.That(photo.GetProperty("imageUrl").GetString(), Does.Not.Contain("/original."));
    }

    [Test]
    public async Task GetPhoto_Failed_ProblemShownOnlyToTheOwner()
    {
        var id = (await _gallery.AddPhotoAsync("alice", "Harbour lights")).GetProperty("photoId").GetString()!;
        await _gallery.RecordFailedAsync(id, "The file is cut short: it ends before the image data does.");

        var mine = (await GetAsync(id, user: "alice")).ShouldBe(200).Json.GetProperty("photo");
        var theirs = (await GetAsync(id, user: "bob")).ShouldBe(200).Json.GetProperty("photo");

        Assert.That(mine.GetProperty("imageState").GetString(), Is.EqualTo("failed"));
        Assert.That(mine.GetProperty("imageProblem").GetString(), Does.Contain("cut short"));
        Assert.That(mine.GetProperty("imageUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(theirs.GetProperty("imageState").GetString(), Is.EqualTo("failed"));
        Assert.That(theirs.GetProperty("imageProblem").ValueKind, Is.EqualTo(JsonValueKind.Null));
        TestGallery.ShouldNameNoOriginal(theirs);
    }

    [Test]
    public async Task GetPhoto_UnknownId_404PhotoNotFound() =>
        (await GetAsync("01JD3ZK8Q2V7W4X9Y6T5R3P1NM")).ShouldBeProblem(404, "PhotoNotFound");

    [TestCase("not-an-id")]
    [TestCase("%2e%2e")]
    public async Task GetPhoto_MalformedId_404PhotoNotFound(string id) =>
        (await GetAsync(id)).ShouldBeProblem(404, "PhotoNotFound");

    [Test]
    public async Task GetPhoto_NoClaims_401NotAuthorized()
    {
        var added = await _gallery.AddPhotoAsync("alice", "Harbour lights");

        (await GetAsync(added.GetProperty("photoId").GetString()!, user: null)).ShouldBeProblem(401, "NotAuthorized");
    }
}
