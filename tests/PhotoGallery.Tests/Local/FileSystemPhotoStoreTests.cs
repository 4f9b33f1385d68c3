using NUnit.Framework;
using PhotoGallery.Local.Storage;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

public sealed class FileSystemPhotoStoreTests
{
    private const string Key = "photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.png";
    private TestGallery _gallery = null!;

    [SetUp]
    public void SetUp() => _gallery = new TestGallery();

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private FileSystemPhotoStore Store => _gallery.Backend.Store;

    [Test]
    public async Task PutAsync_ThenHeadAndRead_SameSizeTypeAndBytes()
    {
        var bytes = TestImages.Png(20, 20);

        await Store.PutAsync(Key, bytes, "image/png", default);

        var stored = await Store.HeadAsync(Key, default);
        Assert.That((stored?.Size, stored?.ContentType), Is.EqualTo(((long)bytes.Length, "image/png")));
        Assert.That(await Store.ReadStartAsync(Key, 8, default), Is.EqualTo(bytes[..8]));
        Assert.That(await Store.ReadStartAsync(Key, 1_000_000, default), Is.EqualTo(bytes));
    }

    [Test]
    public async Task HeadAsync_NothingStored_Null() =>
        Assert.That(await Store.HeadAsync(Key, default), Is.Null);

    [Test]
    public async Task PutAsync_Twice_LastWriteWinsAndNoPartialFilesLeft()
    {
        await Store.PutAsync(Key, TestImages.Png(2, 2), "image/png", default);
        await Store.PutAsync(Key, TestImages.Png(3, 3), "image/png", default);

        Assert.That(await Store.ReadStartAsync(Key, 100_000, default), Is.EqualTo(TestImages.Png(3, 3)));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(Path.Combine(Store.Root, Key))!), Has.Length.EqualTo(1));
    }

    [TestCase("../secrets/url-signing.key")]
    [TestCase("photos/../../userpool.json")]
    [TestCase("/etc/passwd")]
    [TestCase("photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.exe")]
    public async Task PutAsync_KeyOutsideThePhotoLayout_Refused(string key) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new byte[1], "image/png", default));

    [Test]
    public async Task PresignDownloadAsync_Any_AbsoluteSignedExpiringUrl()
    {
        var url = await Store.PresignDownloadAsync(Key, TimeSpan.FromMinutes(60), default);

        Assert.That(url.ToString(), Does.StartWith("http://127.0.0.1:9/_local/storage/" + Key + "?"));
        Assert.That(url.Query, Does.Contain(LocalUrlSigner.ExpiresParameter).And.Contain(LocalUrlSigner.SignatureParameter));
    }
}
