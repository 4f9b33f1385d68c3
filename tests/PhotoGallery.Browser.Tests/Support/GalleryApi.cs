using System.Net.Http.Json;
using NUnit.Framework;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// Direct calls to the gallery's API, for a test's preparation only (a confirmed user to log in with);
/// what a test is about always goes through the page.
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

    public void Dispose() => _http.Dispose();
}
