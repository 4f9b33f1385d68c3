using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Functions;
using PhotoGallery.Local;
using PhotoGallery.Local.Gateway;

namespace PhotoGallery.Tests.Support;

/// <summary>
/// The eight functions on real embedded backends in a fresh temp folder, with a clock the test controls:
/// what the function tests run against.
/// </summary>
public sealed class TestGallery : IDisposable
{
    private readonly TempDirectory _folder = new();

    public TestGallery(PhotoLimits? limits = null)
    {
        Backend = LocalBackend.Open(_folder.Path, () => new Uri("http://127.0.0.1:9/"), Clock, Console, limits);
        Functions = Backend.Functions();
    }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    public StringWriter Console { get; } = new();
    public LocalBackend Backend { get; }
    public Dictionary<string, LambdaHandler> Functions { get; }
    public string DataDirectory => _folder.Path;

    /// <summary>
    /// Calls the function, and fails the test if it answers a problem code its declaration does not list
    /// (every function test thereby holds the declarations to what it observes).
    /// </summary>
    public async Task<Reply> InvokeAsync(string function, ApiEvent proxyEvent)
    {
        var reply = await Reply.InvokeAsync(Functions[function], proxyEvent);
        if (reply.Status >= 400 && reply.Code is { } code && code != nameof(ErrorCode.InternalError))
            Assert.That(FunctionCatalog.ByName(function).Errors.Select(e => e.ToString()), Does.Contain(code),
                $"{function} answered {code}, which its declaration (functions/*/Declaration.cs) does not list");
        return reply;
    }

    public const string Password = GalleryUsers.Password;

    /// <summary>Signs a user up and confirms them through the pool itself (the function tests cover those routes).</summary>
    public async Task<string> ConfirmedUserAsync(string username)
    {
        await Backend.Users.SignUpAsync(new NewUser(username, Password, $"{username} Example", $"{username}@example.com"), default);
        var code = Backend.Users.Outbox().First(m => m.Username == username).Code;
        await Backend.Users.ConfirmSignUpAsync(username, code, "127.0.0.1", default);
        return username;
    }

    /// <summary>Adds a small PNG inline as <paramref name="owner"/>; returns the photo JSON.</summary>
    public async Task<JsonElement> AddPhotoAsync(
        string owner, string title, string description = "", string[]? tags = null, byte[]? image = null)
    {
        image ??= TestImages.Png();
        var reply = await InvokeAsync("addphoto", ApiEvent.For("addphoto").AsUser(owner).WithBody(new
        {
            title,
            description,
            tags = tags ?? [],
            fileName = "photo.png",
            contentType = "image/png",
            size = image.Length,
            image = Convert.ToBase64String(image),
        }));
        reply.ShouldBe(201);
        return reply.Json.GetProperty("photo");
    }

    /// <summary>Records what processphoto would: both variants made, at this upright size.</summary>
    public async Task RecordReadyAsync(string photoId, int width = 640, int height = 480) =>
        Assert.That(await Backend.Index.RecordImagesAsync(photoId,
            ImagesOutcome.Ready(new PhotoVariants(PhotoKeys.Thumbnail(photoId), PhotoKeys.Display(photoId)), width, height), default), Is.True);

    /// <summary>Records what processphoto would for an original it cannot decode.</summary>
    public async Task RecordFailedAsync(string photoId, string problem) =>
        Assert.That(await Backend.Index.RecordImagesAsync(photoId, ImagesOutcome.Failed(problem), default), Is.True);

    /// <summary>Fails when any URL in <paramref name="json"/> is an original's: the grid and other users never get one.</summary>
    public static void ShouldNameNoOriginal(JsonElement json) =>
        Assert.That(json.GetRawText(), Does.Not.Contain("/original."), "an original's URL went to someone who may not have it");

    public void Dispose() => _folder.Dispose();
}
