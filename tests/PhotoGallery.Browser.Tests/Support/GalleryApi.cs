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

    public void Dispose() => _http.Dispose();
}
