using NUnit.Framework;
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
        Assert.That(photo.GetProperty("imageUrl").GetString(), Does.StartWith("http://127.0.0.1:9/_local/storage/photos/"));
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
