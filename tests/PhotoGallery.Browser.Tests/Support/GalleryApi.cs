using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Local.Storage;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// Direct calls to the gallery's API, for a test's preparation only (a confirmed user to log in with, photos
/// uploaded as another client would); what a test is about always goes through the page.
/// </summary>
public sealed class GalleryApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly GalleryUsers _users;

    public GalleryApi(GalleryServer server)
    {
        _http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        _users = GalleryUsers.OnLocalHost(_http);
    }

    public Task CreateConfirmedUserAsync(string username, string password, string name) =>
        _users.ConfirmedUserAsync(username, password, name);

    /// <summary>Adds photos as <paramref name="username"/> through the API, inline and without thumbnails.</summary>
    public async Task AddPhotosAsync(string username, string password, IEnumerable<(string Title, byte[] Png)> photos)
    {
        var token = await _users.IdTokenAsync(username, password);
        foreach (var (title, png) in photos)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/photos")
            {
                Content = JsonContent.Create(new
                {
                    title, fileName = $"{title}.png", contentType = "image/png", size = png.Length, image = Convert.ToBase64String(png),
                }),
            };
            request.Headers.TryAddWithoutValidation("Authorization", token);
            var added = await _http.SendAsync(request);
            Assert.That((int)added.StatusCode, Is.EqualTo(201), await added.Content.ReadAsStringAsync());
            // Photos are ordered by their millisecond: keep each in its own, so "newest first" is exact.
            await Task.Delay(2);
        }
    }

    /// <summary>
    /// Uploads photos as <paramref name="username"/> the way the README's curl example does for a photo over
    /// 4 MiB: <c>POST /photos</c> without the image (and without a thumbnail: only the web page makes one),
    /// POST the bytes to the returned URL as a form with the fields it names (as <c>curl -F</c> does), then <c>POST /photos {photoId, complete}</c>.
    /// Returns the photos' ids in upload order.
    /// </summary>
    public async Task<IReadOnlyList<string>> UploadAsync(string username, string password, IEnumerable<(string Title, byte[] Jpeg)> photos)
    {
        var token = await _users.IdTokenAsync(username, password);
        using var storage = new HttpClient();
        var ids = new List<string>();
        foreach (var (title, jpeg) in photos)
        {
            var pending = await SendAsync(HttpMethod.Post, "/photos", token, new { title, fileName = $"{title}.jpg", contentType = "image/jpeg", size = jpeg.Length }, 201);
            var photoId = pending.GetProperty("photo").GetProperty("photoId").GetString()!;
            var upload = pending.GetProperty("upload");
            using var form = UploadForm.Request(upload, jpeg, $"{title}.jpg");
            using var stored = await storage.SendAsync(form);
            Assert.That((int)stored.StatusCode, Is.EqualTo(204), $"upload of “{title}”: {await stored.Content.ReadAsStringAsync()}");
            await SendAsync(HttpMethod.Post, "/photos", token, new { photoId, complete = true }, 200);
            ids.Add(photoId);
        }
        return ids;
    }

    /// <summary>
    /// Asks <c>GET /photos</c> as <paramref name="username"/>, as a client would, until none of the newest
    /// <paramref name="count"/> photos is processing; fails if any failed, or if they are not all ready in time.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> ReadyAsync(string username, string password, int count, TimeSpan timeout)
    {
        var token = await _users.IdTokenAsync(username, password);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var listed = await SendAsync(HttpMethod.Get, $"/photos?limit={count}", token, null, 200);
            var photos = listed.GetProperty("photos").EnumerateArray().ToList();
            var states = photos.Select(p => p.GetProperty("imageState").GetString()).ToList();
            Assert.That(photos.Where(p => p.GetProperty("imageState").GetString() == "failed").Select(p => p.ToString()), Is.Empty,
                "processphoto could not make these photos' images");
            if (photos.Count == count && states.All(s => s == "ready")) return photos;
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"after {timeout.TotalSeconds:0} s, {states.Count(s => s == "ready")} of {count} photos were ready ({photos.Count} listed)");
            await Task.Delay(250);
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string token, object? body, int status)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Authorization", token);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), $"{method} {path}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    public void Dispose() => _http.Dispose();
}
