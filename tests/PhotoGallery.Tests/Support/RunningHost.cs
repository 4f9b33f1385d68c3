using System.Net.Http.Json;
using System.Text.Json;
using PhotoGallery.Local;
using PhotoGallery.Core.Functions;

namespace PhotoGallery.Tests.Support;

/// <summary>A local host listening on a free loopback port over a temp data folder, with an HTTP client for it.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly TempDirectory? _ownedFolder;

    private RunningHost(LocalHost host, TempDirectory? ownedFolder)
    {
        Host = host;
        _ownedFolder = ownedFolder;
        Http = new HttpClient { BaseAddress = host.BaseUrl };
    }

    public LocalHost Host { get; }
    public HttpClient Http { get; }
    public Uri BaseUrl => Host.BaseUrl;

    public static async Task<RunningHost> StartAsync(string? dataDirectory = null, TimeProvider? clock = null, TextWriter? console = null,
        Action<Dictionary<string, PhotoGallery.Core.Functions.LambdaHandler>>? configureFunctions = null,
        IReadOnlyList<PhotoGallery.Core.Routing.Route>? routes = null)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var host = await LocalHost.StartAsync(new LocalHostOptions
        {
            Port = 0,
            Host = "127.0.0.1",
            DataDirectory = dataDirectory ?? owned!.Path,
            Clock = clock ?? TimeProvider.System,
            Console = console ?? TextWriter.Null,
            ConfigureFunctions = configureFunctions,
            Routes = routes ?? PhotoGallery.Functions.RouteTable.All,
        });
        return new RunningHost(host, owned);
    }

    /// <summary>Signs up, confirms with the code from the outbox, logs in; returns the ID token.</summary>
    public async Task<string> SignedInUserAsync(string username, string password = TestGallery.Password)
    {
        (await Http.PostAsJsonAsync("/signup", new { username, password, name = username, email = $"{username}@example.com" })).EnsureSuccessStatusCode();
        var outbox = await Http.GetFromJsonAsync<JsonElement>("/_local/outbox");
        var code = outbox.EnumerateArray().First(m => m.GetProperty("username").GetString() == username).GetProperty("code").GetString();
        (await Http.PostAsJsonAsync("/confirmemail", new { username, code })).EnsureSuccessStatusCode();
        var login = await Http.PostAsJsonAsync("/login", new { username, password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("idToken").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        _ownedFolder?.Dispose();
    }
}
