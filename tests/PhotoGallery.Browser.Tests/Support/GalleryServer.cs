using PhotoGallery.Local;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// The local host serving the real frontend/ folder, on a free loopback port, over a fresh data
/// folder that is removed when the test ends.
/// </summary>
public sealed class GalleryServer : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private GalleryServer(LocalHost host, TempDirectory data, ManualClock clock)
    {
        Host = host;
        _data = data;
        Clock = clock;
    }

    public LocalHost Host { get; }

    /// <summary>
    /// The host's clock: real time, plus whatever the test advances to make tokens expire without waiting
    /// an hour. It keeps moving, so photos uploaded one after the other still get distinct times.
    /// </summary>
    public ManualClock Clock { get; }

    /// <summary>The site's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public string BaseUrl => Host.BaseUrl.ToString();

    public static async Task<GalleryServer> StartAsync()
    {
        var data = new TempDirectory();
        var clock = ManualClock.Running();
        try
        {
            var host = await LocalHost.StartAsync(new LocalHostOptions
            {
                Port = 0,
                Host = "127.0.0.1",
                DataDirectory = data.Path,
                FrontendDirectory = RepositoryRoot.Combine("frontend"),
                Clock = clock,
                Console = TextWriter.Null,
            });
            return new GalleryServer(host, data, clock);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>The newest confirmation code the local pool "emailed" to <paramref name="username"/>.</summary>
    public string CodeFor(string username) =>
        Host.Backend.Users.Outbox().First(m => m.Username == username).Code;

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }
}
