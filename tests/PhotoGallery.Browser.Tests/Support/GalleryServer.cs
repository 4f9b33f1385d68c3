using PhotoGallery.Local;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// The local host serving the real frontend/ folder, on a free loopback port, over a fresh data
/// folder that is removed when the test ends.
/// </summary>
public sealed class GalleryServer : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private readonly TextWriter _log;
    private readonly StringWriter _text;

    private GalleryServer(LocalHost host, TempDirectory data, ManualClock clock, TextWriter log, StringWriter text)
    {
        Host = host;
        _data = data;
        Clock = clock;
        _log = log;
        _text = text;
    }

    /// <summary>What the host wrote to its console (the gateway's and the local events' messages), for a failed test's report.</summary>
    public string Log
    {
        get
        {
            lock (_log) return _text.ToString();
        }
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
        // Synchronized: the host writes from several threads. Its methods lock the wrapper it returns, so Log reads
        // the text under that same lock.
        var text = new StringWriter();
        var log = TextWriter.Synchronized(text);
        try
        {
            var host = await LocalHost.StartAsync(new LocalHostOptions
            {
                Port = 0,
                Host = "127.0.0.1",
                DataDirectory = data.Path,
                FrontendDirectory = RepositoryRoot.Combine("frontend"),
                Clock = clock,
                Console = log,
            });
            return new GalleryServer(host, data, clock, log, text);
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
