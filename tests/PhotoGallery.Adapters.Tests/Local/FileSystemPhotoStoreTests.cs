using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Adapters.Tests.Support;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local;

namespace PhotoGallery.Adapters.Tests.Local;

/// <summary>The store contract on the local folder store, its URLs served by a local host on a free loopback port.</summary>
[TestFixture]
public sealed class FileSystemPhotoStoreTests : PhotoStoreContract
{
    private readonly TempDirectory _folder = new();
    private LocalHost _host = null!;

    protected override IPhotoStore Store => _host.Backend.Store;

    [OneTimeSetUp]
    public async Task StartHost() =>
        _host = await LocalHost.StartAsync(new LocalHostOptions
        {
            DataDirectory = _folder.Path, Host = "127.0.0.1", Port = 0, Console = TextWriter.Null,
        });

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }
}
