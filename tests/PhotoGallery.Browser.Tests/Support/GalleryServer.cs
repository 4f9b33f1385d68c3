using PhotoGallery.Local;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// The local host serving the real frontend/ folder, on a free loopback port, over a fresh data
/// folder that is removed when the test ends.
/// </summary>
public sealed class GalleryServer : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private GalleryServer(LocalHost host, string dataDirectory, ShiftedClock clock)
    {
        Host = host;
        _dataDirectory = dataDirectory;
        Clock = clock;
    }

    public LocalHost Host { get; }

    public ShiftedClock Clock { get; }

    /// <summary>The site's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public string BaseUrl => Host.BaseUrl.ToString();

    public static async Task<GalleryServer> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "photogallery-browser-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var clock = new ShiftedClock();
        try
        {
            var host = await LocalHost.StartAsync(new LocalHostOptions
            {
                Port = 0,
                Host = "127.0.0.1",
                DataDirectory = data,
                FrontendDirectory = RepositoryPaths.Frontend,
                Clock = clock,
                Console = TextWriter.Null,
            });
            return new GalleryServer(host, data, clock);
        }
        catch
        {
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    /// <summary>The newest confirmation code the local pool "emailed" to <paramref name="username"/>.</summary>
    public string CodeFor(string username) =>
        Host.Backend.Users.Outbox().First(m => m.Username == username).Code;

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file the host was still closing; the temp folder cleaner will take it.
        }
    }
}
