using PhotoGallery.Local;

namespace PhotoGallery.Docs.Tests.Support;

/// <summary>A local host on a free loopback port over a fresh data folder, serving the repository's frontend.</summary>
public sealed class LocalGallery : IAsyncDisposable
{
    private readonly LocalHost _host;
    private readonly TempDirectory _data;

    private LocalGallery(LocalHost host, TempDirectory data)
    {
        _host = host;
        _data = data;
    }

    public Uri BaseUrl => _host.BaseUrl;

    /// <param name="console">Where the host prints (confirmation codes, gateway notes); nowhere by default.</param>
    public static async Task<LocalGallery> StartAsync(TextWriter? console = null)
    {
        var data = new TempDirectory();
        var host = await LocalHost.StartAsync(new LocalHostOptions
        {
            Port = 0,
            Host = "127.0.0.1",
            DataDirectory = data.Path,
            FrontendDirectory = Path.Combine(Repository.Root, "frontend"),
            Console = console ?? TextWriter.Null,
        });
        return new LocalGallery(host, data);
    }

    /// <summary>Calls one function's Lambda entry point directly with an event, as <c>aws lambda invoke</c> does.</summary>
    public async Task<string> InvokeAsync(string function, string payload)
    {
        await using var output = await _host.Backend.Functions()[function](new MemoryStream(System.Text.Encoding.UTF8.GetBytes(payload)));
        using var reader = new StreamReader(output);
        return await reader.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
