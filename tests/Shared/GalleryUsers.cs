using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;

namespace PhotoGallery.Testing;

/// <summary>
/// Users made through a gallery's own API (<c>POST signup</c>, <c>confirmemail</c>, <c>login</c>), for tests whose
/// subject comes after the log-in: on the local host, on a <c>--backend aws</c> host over the emulators, or on a
/// rehearsal's gateway. The client's base address is the API's root with a trailing slash (a stage such as
/// <c>/prod/</c> included); each step must answer as documented (201, 200, 200), or the test fails with the body.
/// </summary>
public sealed class GalleryUsers
{
    /// <summary>A password every policy rule accepts.</summary>
    public const string Password = "Corr3ct-Horse!";

    private readonly HttpClient _gallery;
    private readonly Func<string, Task<string>> _codeSentTo;

    private GalleryUsers(HttpClient gallery, Func<string, Task<string>> codeSentTo) => (_gallery, _codeSentTo) = (gallery, codeSentTo);

    /// <summary>On the local host: the confirmation code is read from its outbox (<c>GET _local/outbox</c>).</summary>
    public static GalleryUsers OnLocalHost(HttpClient gallery) => new(gallery, username => OutboxCodeAsync(gallery, username));

    /// <summary>On a user pool that sends every user the same code (cognito-local's <c>EmulatorSet.ConfirmationCode</c>).</summary>
    public static GalleryUsers WithCode(HttpClient gallery, string code) => new(gallery, _ => Task.FromResult(code));

    /// <summary>Signs up, confirms and logs in a new user; returns the ID token (what the API's authorizer takes).</summary>
    public async Task<string> IdTokenOfNewUserAsync(string username, string password = Password, string? name = null)
    {
        await ConfirmedUserAsync(username, password, name);
        return await IdTokenAsync(username, password);
    }

    /// <summary>Signs up and confirms a new user (<c>username@example.com</c>), who can then log in.</summary>
    public async Task ConfirmedUserAsync(string username, string password = Password, string? name = null)
    {
        await ExpectAsync(HttpStatusCode.Created, "signup", new { username, password, name = name ?? username, email = $"{username}@example.com" });
        await ExpectAsync(HttpStatusCode.OK, "confirmemail", new { username, code = await _codeSentTo(username) });
    }

    /// <summary>Logs in a confirmed user; returns the ID token.</summary>
    public async Task<string> IdTokenAsync(string username, string password = Password)
    {
        var login = await ExpectAsync(HttpStatusCode.OK, "login", new { username, password });
        return login.GetProperty("idToken").GetString()!;
    }

    private async Task<JsonElement> ExpectAsync(HttpStatusCode status, string route, object body)
    {
        using var response = await _gallery.PostAsJsonAsync(new Uri(route, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), $"POST {route}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>The newest code the local pool "emailed" to <paramref name="username"/> (the outbox lists newest first).</summary>
    private static async Task<string> OutboxCodeAsync(HttpClient gallery, string username)
    {
        var outbox = await gallery.GetFromJsonAsync<JsonElement>(new Uri("_local/outbox", UriKind.Relative));
        return outbox.EnumerateArray().First(m => m.GetProperty("username").GetString() == username).GetProperty("code").GetString()!;
    }
}
