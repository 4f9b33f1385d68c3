using System.Net.Http.Json;
using NUnit.Framework;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// Direct calls to the gallery's API, for a test's preparation only (a confirmed user to log in with);
/// what a test is about always goes through the page.
/// </summary>
public sealed class GalleryApi(GalleryServer server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(server.BaseUrl) };

    public async Task CreateConfirmedUserAsync(string username, string password, string name)
    {
        var signUp = await _http.PostAsJsonAsync("/signup", new { username, password, name, email = $"{username}@example.com" });
        Assert.That((int)signUp.StatusCode, Is.EqualTo(201), await signUp.Content.ReadAsStringAsync());
        var confirm = await _http.PostAsJsonAsync("/confirmemail", new { username, code = server.CodeFor(username) });
        Assert.That((int)confirm.StatusCode, Is.EqualTo(200), await confirm.Content.ReadAsStringAsync());
    }

    /// <summary>Adds photos as <paramref name="username"/> through the API, inline and without thumbnails.</summary>
    public async Task AddPhotosAsync(string username, string password, IEnumerable<(string Title, byte[] Png)> photos)
    {
        var login = await _http.PostAsJsonAsync("/login", new { username, password });
        Assert.That((int)login.StatusCode, Is.EqualTo(200), await login.Content.ReadAsStringAsync());
        var token = (await login.Content.ReadFromJsonAsync<LogInReply>())!.IdToken;
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

    private sealed record LogInReply(string IdToken);
}
