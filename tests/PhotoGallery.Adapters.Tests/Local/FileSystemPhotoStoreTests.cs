using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Local;
using PhotoGallery.Core.Photos;
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
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private LocalHost _host = null!;

    protected override FileSystemPhotoStore Store => _host.Backend.Store;

    // Signed with the host's own secret, so the host serves these URLs as its own.
    protected override IPhotoStore StoreAt(TimeProvider clock) => new FileSystemPhotoStore(Store.Root,
        new LocalUrlSigner(LocalFiles.LoadOrCreateSecret(Path.Combine(_folder.Path, "secrets", "url-signing.key")), clock), () => _host.BaseUrl);

    protected override string[] UnsignedFields => [LocalUrlSigner.PolicySignatureField];

    [OneTimeSetUp]
    public async Task StartHost() =>
        _host = await LocalHost.StartAsync(new LocalHostOptions
        {
            DataDirectory = _folder.Path, Host = "127.0.0.1", Port = 0, Console = TextWriter.Null,
        });

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _http.Dispose();
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

    // Form uploads: the folder store enforces its policy as S3 does, the size while the bytes arrive.

    [Test]
    public async Task PostUpload_OneByteMoreThanDeclared_400EntityTooLargeAndNothingStored()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 1000);
        var upload = await Store.PresignUploadAsync(key, ImageTypes.Png, image.Length, TimeSpan.FromMinutes(5), default);

        var (status, body) = await SendAsync(UploadForm.Request(upload, [.. image, 0]));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Does.Contain("<Code>EntityTooLarge</Code>").And.Contain("<MaxSizeAllowed>1000</MaxSizeAllowed>"));
        Assert.That(await Store.HeadAsync(key, default), Is.Null);
        Assert.That(Directory.Exists(Path.GetDirectoryName(Path.Combine(Store.Root, key))) ? Directory.GetFiles(Path.GetDirectoryName(Path.Combine(Store.Root, key))!) : [], Is.Empty, "no partial file left");
    }

    [Test]
    public async Task PostUpload_FewerBytesThanDeclared_400EntityTooSmallAndNothingStored()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 1000);
        var upload = await Store.PresignUploadAsync(key, ImageTypes.Png, image.Length + 1, TimeSpan.FromMinutes(5), default);

        var (status, body) = await SendAsync(UploadForm.Request(upload, image));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Does.Contain("<Code>EntityTooSmall</Code>").And.Contain("<MinSizeAllowed>1001</MinSizeAllowed>"));
        Assert.That(await Store.HeadAsync(key, default), Is.Null);
    }

    [Test]
    public async Task PostUpload_FarMoreThanDeclared_RefusedBeforeTheRestIsSent()
    {
        var key = NewKey();
        var upload = await Store.PresignUploadAsync(key, ImageTypes.Png, 1000, TimeSpan.FromMinutes(5), default);
        const long offered = 256L * 1024 * 1024;
        var file = new EndlessContent(offered);
        using var request = new HttpRequestMessage(HttpMethod.Post, upload.Url);
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in upload.Fields) form.Add(new StringContent(value), name);
        form.Add(file, PresignedUpload.FileField, "huge.png");
        request.Content = form;

        int? status = null;
        try
        {
            using var response = await _http.SendAsync(request);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // Storage closed the connection on the rest of the body: refused all the same.
        }

        Assert.That(status, Is.Null.Or.EqualTo(400));
        Assert.That(file.Sent, Is.LessThan(offered / 4), "storage stopped reading long before the end");
        Assert.That(await Store.HeadAsync(key, default), Is.Null);
    }

    [Test]
    public async Task PostUpload_AnotherContentType_403ConditionFailed()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 1000);
        var upload = await Store.PresignUploadAsync(key, ImageTypes.Png, image.Length, TimeSpan.FromMinutes(5), default);
        var fields = new Dictionary<string, string>(upload.Fields) { ["Content-Type"] = "text/html" };

        var (status, body) = await SendAsync(UploadForm.Request(HttpMethod.Post, upload.Url, fields, image));

        Assert.That(status, Is.EqualTo(403));
        Assert.That(body, Does.Contain("<Code>AccessDenied</Code>").And.Contain("Policy Condition failed"));
        Assert.That(await Store.HeadAsync(key, default), Is.Null);
    }

    [Test]
    public async Task PostUpload_PolicyRewrittenForMore_403SignatureDoesNotMatch()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 5000);
        var upload = await Store.PresignUploadAsync(key, ImageTypes.Png, 1000, TimeSpan.FromMinutes(5), default);
        var bigger = PostPolicy.Encode(upload.ExpiresAt, PostPolicy.Exact("key", key), PostPolicy.Exact("Content-Type", ImageTypes.Png),
            PostPolicy.ContentLengthRange(0, 5_000_000_000));
        var fields = new Dictionary<string, string>(upload.Fields) { ["policy"] = bigger };

        var (status, body) = await SendAsync(UploadForm.Request(HttpMethod.Post, upload.Url, fields, image));

        Assert.That(status, Is.EqualTo(403));
        Assert.That(body, Does.Contain("<Code>SignatureDoesNotMatch</Code>"));
        Assert.That(await Store.HeadAsync(key, default), Is.Null);
    }

    [Test]
    public async Task PostUpload_AfterItExpired_403PolicyExpired()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 1000);
        var signedEarlier = StoreAt(new ManualClock(DateTimeOffset.UtcNow.AddMinutes(-20)));
        var upload = await signedEarlier.PresignUploadAsync(key, ImageTypes.Png, image.Length, TimeSpan.FromMinutes(15), default);

        var (status, body) = await SendAsync(UploadForm.Request(upload, image));

        Assert.That(status, Is.EqualTo(403));
        Assert.That(body, Does.Contain("Policy expired"));
    }

    [Test]
    public async Task PostUpload_AFieldThePolicyDoesNotName_403ExtraInputFields()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 1000);
        var upload = await Store.PresignUploadAsync(key, ImageTypes.Png, image.Length, TimeSpan.FromMinutes(5), default);
        var fields = new Dictionary<string, string>(upload.Fields) { ["Content-Disposition"] = "inline" };

        var (status, body) = await SendAsync(UploadForm.Request(HttpMethod.Post, upload.Url, fields, image));

        Assert.That(status, Is.EqualTo(403));
        Assert.That(body, Does.Contain("Extra input fields: Content-Disposition"));
    }

    [Test]
    public async Task PostUpload_Accepted_PublishesObjectCreatedPostWithTheSize()
    {
        var key = NewKey();
        var image = TestImages.Png(bytes: 2500);
        var upload = await Store.PresignUploadAsync(key, ImageTypes.Png, image.Length, TimeSpan.FromMinutes(5), default);
        var published = new List<ObjectCreated>();
        void Record(ObjectCreated created)
        {
            lock (published) published.Add(created);
        }
        Store.ObjectCreated += Record;
        try
        {
            var (status, body) = await SendAsync(UploadForm.Request(upload, image));

            Assert.That(status, Is.EqualTo(204), body);
        }
        finally
        {
            Store.ObjectCreated -= Record;
        }
        lock (published)
            Assert.That(published.Where(p => p.Key == key).Select(p => (p.Kind, p.Size)), Is.EqualTo(new[] { (ObjectCreatedKind.Post, 2500L) }));
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        using var http = new HttpClient();
        using (request)
        using (var response = await http.SendAsync(request))
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A file body of <c>length</c> bytes made as it is sent, counting what was asked for.</summary>
    private sealed class EndlessContent(long length) : HttpContent
    {
        public long Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            while (Sent < length)
            {
                await stream.WriteAsync(chunk);
                Sent += chunk.Length;
            }
        }

        protected override bool TryComputeLength(out long size)
        {
            size = length;
            return true;
        }
    }
}
