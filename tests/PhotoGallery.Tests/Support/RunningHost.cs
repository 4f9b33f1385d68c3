using PhotoGallery.Local;
using PhotoGallery.Local.Events;
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
        Users = GalleryUsers.OnLocalHost(Http);
    }

    public LocalHost Host { get; }
    public HttpClient Http { get; }
    public Uri BaseUrl => Host.BaseUrl;

    /// <summary>Users made through this host's API, e.g. <c>await host.Users.IdTokenOfNewUserAsync("alice")</c>.</summary>
    public GalleryUsers Users { get; }

    public static async Task<RunningHost> StartAsync(string? dataDirectory = null, TimeProvider? clock = null, TextWriter? console = null,
        Action<Dictionary<string, PhotoGallery.Core.Functions.LambdaHandler>>? configureFunctions = null,
        IReadOnlyList<PhotoGallery.Core.Routing.Route>? routes = null, AsyncInvocationOptions? events = null)
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
            Events = events ?? new AsyncInvocationOptions(),
        });
        return new RunningHost(host, owned);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        _ownedFolder?.Dispose();
    }
}
