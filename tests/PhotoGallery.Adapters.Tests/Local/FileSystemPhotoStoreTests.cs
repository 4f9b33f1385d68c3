using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Local;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local.Storage;

namespace PhotoGallery.Adapters.Tests.Local;

/// <summary>
/// The store contract on the local folder store, its URLs served by a local host on a free loopback port;
/// then what only the folder store does: atomic writes, keys kept inside the photo layout, its own signed URLs.
/// </summary>
[TestFixture]
public sealed class FileSystemPhotoStoreTests : PhotoStoreContract
{
    private readonly TempDirectory _folder = new();
    private LocalHost _host = null!;

    protected override FileSystemPhotoStore Store => _host.Backend.Store;

    // Signed with the host's own secret, so the host serves these URLs as its own.
    protected override IPhotoStore StoreAt(TimeProvider clock) => new FileSystemPhotoStore(Store.Root,
        new LocalUrlSigner(LocalFiles.LoadOrCreateSecret(Path.Combine(_folder.Path, "secrets", "url-signing.key")), clock), () => _host.BaseUrl);

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

    [Test]
    public async Task PutAsync_ThenHeadAndRead_SameSizeTypeAndBytes()
    {
        var key = NewKey();
        var bytes = TestImages.Png(20, 20);

        await Store.PutAsync(key, bytes, "image/png", default);

        var stored = await Store.HeadAsync(key, default);
        Assert.That((stored?.Size, stored?.ContentType), Is.EqualTo(((long)bytes.Length, "image/png")));
        Assert.That(await Store.ReadStartAsync(key, 8, default), Is.EqualTo(bytes[..8]));
        Assert.That(await Store.ReadStartAsync(key, 1_000_000, default), Is.EqualTo(bytes));
    }

    [Test]
    public async Task HeadAsync_NothingStored_Null() =>
        Assert.That(await Store.HeadAsync(NewKey(), default), Is.Null);

    [Test]
    public async Task PutAsync_Twice_LastWriteWinsAndNoPartialFilesLeft()
    {
        var key = NewKey();
        await Store.PutAsync(key, TestImages.Png(2, 2), "image/png", default);
        await Store.PutAsync(key, TestImages.Png(3, 3), "image/png", default);

        Assert.That(await Store.ReadStartAsync(key, 100_000, default), Is.EqualTo(TestImages.Png(3, 3)));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(Path.Combine(Store.Root, key))!), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task PresignDownloadAsync_Fetched_NoSniffOnBytesAndErrors()
    {
        var key = NewKey();
        await Store.PutAsync(key, TestImages.Png(4, 4), "image/png", default);
        using var http = new HttpClient();

        using var served = await http.GetAsync(await Store.PresignDownloadAsync(key, Views, default));
        using var refused = await http.GetAsync(new Uri(_host.BaseUrl, FileSystemPhotoStore.RoutePrefix + key));

        Assert.That(served.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(refused.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
    }

    [TestCase("../secrets/url-signing.key")]
    [TestCase("photos/../../userpool.json")]
    [TestCase("/etc/passwd")]
    [TestCase("photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.exe")]
    public async Task PutAsync_KeyOutsideThePhotoLayout_Refused(string key) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new byte[1], "image/png", default));

    [Test]
    public async Task PresignDownloadAsync_Any_SignedForItsWindowWithTheCacheControl()
    {
        var key = NewKey();

        var now = new DateTimeOffset(2026, 11, 25, 14, 37, 12, TimeSpan.Zero);

        var url = await StoreAt(new ManualClock(now)).PresignDownloadAsync(key, Views, default);

        Assert.That(url.ToString(), Does.StartWith($"{_host.BaseUrl}_local/storage/{key}?"));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.That(query[LocalUrlSigner.ExpiresParameter], Is.EqualTo(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(query[LocalUrlSigner.CacheControlParameter], Is.EqualTo("private, max-age=3600, immutable"));
        Assert.That(query[LocalUrlSigner.SignatureParameter], Is.Not.Empty);
    }
}
