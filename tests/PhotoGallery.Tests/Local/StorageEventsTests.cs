using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Local.Storage;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Photos;
using PhotoGallery.Functions;
using PhotoGallery.Local.Events;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

/// <summary>
/// The local host delivers S3's ObjectCreated events to the function a stored photo triggers, as S3 → Lambda
/// does: asynchronously, the same JSON, retried twice, failures on record. The function is found by its
/// trigger, never by name; whatever it records for the photo (ready once images are made, failed with a
/// reason otherwise), the photo leaves "processing".
/// </summary>
public sealed class StorageEventsTests
{
    private static readonly AsyncInvocationOptions Quick = new()
    {
        RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)],
        DeliveryDelay = TimeSpan.Zero,
    };

    private static FunctionDeclaration Triggered => FunctionCatalog.All.Single(f => f.Trigger is StorageTrigger);

    private List<JsonNode> _events = null!;
    private StringWriter _console = null!;
    private RunningHost? _host;

    [SetUp]
    public void SetUp()
    {
        _events = [];
        _console = new StringWriter();
        _host = null;
    }

    private async Task StartAsync(Func<LambdaHandler, LambdaHandler>? replace = null, AsyncInvocationOptions? events = null)
    {
        _host = await RunningHost.StartAsync(console: TextWriter.Synchronized(_console), events: events ?? Quick, configureFunctions: functions =>
        {
            var real = functions[Triggered.Name];
            var handler = replace?.Invoke(real) ?? real;
            // Keep every event the function is given, then let it run.
            functions[Triggered.Name] = async input =>
            {
                using var copy = new MemoryStream();
                await input.CopyToAsync(copy);
                lock (_events) _events.Add(JsonNode.Parse(copy.ToArray())!);
                copy.Position = 0;
                return await handler(copy);
            };
        });
        Host.Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", await Host.Users.IdTokenOfNewUserAsync("alice"));
    }

    private RunningHost Host => _host ?? throw new InvalidOperationException("Start the host first.");

    [TearDown]
    public async Task TearDown()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    private IReadOnlyList<JsonNode> Events()
    {
        lock (_events) return [.. _events];
    }

    private async Task<string> AddInlineAsync(byte[] image)
    {
        var added = await Host.Http.PostAsJsonAsync("/photos", new
        {
            title = "Harbour at dawn", fileName = "harbour.png", contentType = "image/png", size = image.Length, image = Convert.ToBase64String(image),
        });
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created), await added.Content.ReadAsStringAsync());
        var photo = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photo");
        Assert.That(photo.GetProperty("imageState").GetString(), Is.EqualTo("processing"), "the write returns before the event is delivered");
        return photo.GetProperty("photoId").GetString()!;
    }

    /// <summary>The photo once its state is no longer "processing" (within 10 s).</summary>
    private async Task<JsonElement> ProcessedAsync(string photoId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var photo = (await Host.Http.GetFromJsonAsync<JsonElement>($"/photos/{photoId}")).GetProperty("photo");
            if (photo.GetProperty("imageState").GetString() != "processing") return photo;
            if (clock.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail($"Photo {photoId} still processing after 10 s. Host log:\n{_console}");
            await Task.Delay(50);
        }
    }

    [Test]
    public async Task Start_PhotoWhoseEventWasNeverDelivered_ItsImagesAreMadeAtTheNextStart()
    {
        using var folder = new TempDirectory();
        string photoId;
        // First run: the event never reaches processphoto's work (as when the host stops before delivering it).
        await using (var first = await RunningHost.StartAsync(dataDirectory: folder.Path, events: Quick,
            configureFunctions: functions => functions[Triggered.Name] = _ => Task.FromResult<Stream>(new MemoryStream())))
        {
            _host = first;
            Host.Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", await Host.Users.IdTokenOfNewUserAsync("alice"));
            photoId = await AddInlineAsync(TestImages.Png(64, 48));
            await first.Host.Events.Invocations.WhenIdleAsync();
            var waiting = await Host.Http.GetFromJsonAsync<JsonElement>($"/photos/{photoId}");
            Assert.That(waiting.GetProperty("photo").GetProperty("imageState").GetString(), Is.EqualTo("processing"));
        }

        _host = await RunningHost.StartAsync(dataDirectory: folder.Path, events: Quick, console: TextWriter.Synchronized(_console));
        Host.Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", await Host.Users.IdTokenAsync("alice"));

        var photo = await ProcessedAsync(photoId);
        Assert.That(photo.GetProperty("imageState").GetString(), Is.EqualTo("ready"), _console.ToString());
        Assert.That(_console.ToString(), Does.Contain("Making the images of 1 photo(s) still waiting for them"));
    }

    /// <summary>Whatever the function recorded: variants once it makes images, or a reason for the owner.</summary>
    private static void AssertRecorded(JsonElement photo)
    {
        var state = photo.GetProperty("imageState").GetString();
        Assert.That(state, Is.AnyOf("ready", "failed"));
        if (state == "ready") Assert.That(photo.GetProperty("thumbnailUrl").GetString(), Is.Not.Null);
        else Assert.That(photo.GetProperty("imageProblem").GetString(), Is.Not.Empty);
    }

    private static void AssertEvent(JsonNode s3Event, string eventName, string key, byte[] bytes)
    {
        var record = s3Event["Records"]!.AsArray().Single()!;
        Assert.That(record["eventSource"]!.GetValue<string>(), Is.EqualTo("aws:s3"));
        Assert.That(record["eventName"]!.GetValue<string>(), Is.EqualTo(eventName));
        Assert.That(record["s3"]!["bucket"]!["name"]!.GetValue<string>(), Is.EqualTo(StorageNotifications.BucketName));
        Assert.That(record["s3"]!["object"]!["key"]!.GetValue<string>(), Is.EqualTo(key));
        Assert.That(record["s3"]!["object"]!["size"]!.GetValue<long>(), Is.EqualTo(bytes.Length));
#pragma warning disable CA5351 // S3's ETag of a single-part upload is the bytes' MD5: a checksum, not security.
        Assert.That(record["s3"]!["object"]!["eTag"]!.GetValue<string>(), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(bytes))));
#pragma warning restore CA5351
    }

    [Test]
    public async Task InlinePhoto_Stored_ItsPutEventReachesTheFunctionWhichRecordsItsImages()
    {
        await StartAsync();
        var image = TestImages.Png(40, 30);

        var photoId = await AddInlineAsync(image);
        var photo = await ProcessedAsync(photoId);

        AssertRecorded(photo);
        await Host.Host.Events.Invocations.WhenIdleAsync();
        Assert.That(Events(), Has.Count.GreaterThanOrEqualTo(1));
        Assert.That(Events().Select(e => e.ToJsonString()).Distinct(), Has.Exactly(1).Items, "a retry sends the same event again");
        AssertEvent(Events()[0], "ObjectCreated:Put", PhotoKeys.Original(photoId, ImageTypes.Png), image);
        Assert.That(Host.Host.Events.Invocations.Failures(), Is.Empty);
    }

    [Test]
    public async Task PresignedUpload_Completed_OnlyTheCopyUnderPhotosReachesTheFunction()
    {
        await StartAsync();
        var image = TestImages.Png(64, 48, bytes: 300_000);
        var started = await Host.Http.PostAsJsonAsync("/photos", new { title = "Glacier", fileName = "glacier.png", contentType = "image/png", size = image.Length });
        var pending = await started.Content.ReadFromJsonAsync<JsonElement>();
        var photoId = pending.GetProperty("photo").GetProperty("photoId").GetString()!;
        using (var storage = new HttpClient())
            Assert.That((await storage.SendAsync(UploadForm.Request(pending.GetProperty("upload"), image))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await Host.Host.Events.Invocations.WhenIdleAsync();
        Assert.That(Events(), Is.Empty, "uploads/ triggers nothing: those bytes are not checked yet");

        var completed = await Host.Http.PostAsJsonAsync("/photos", new { photoId, complete = true });
        Assert.That(completed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await completed.Content.ReadAsStringAsync());
        var photo = await ProcessedAsync(photoId);

        AssertRecorded(photo);
        await Host.Host.Events.Invocations.WhenIdleAsync();
        Assert.That(Events().Select(e => e.ToJsonString()).Distinct(), Has.Exactly(1).Items);
        AssertEvent(Events()[0], "ObjectCreated:Copy", PhotoKeys.Original(photoId, ImageTypes.Png), image);
    }

    [Test]
    public async Task FunctionAlwaysFails_ThreeAttemptsAfterTheConfiguredDelays_ThenListedAtLocalFailures()
    {
        var attempts = new List<long>();
        var clock = Stopwatch.StartNew();
        await StartAsync(_ => _ =>
        {
            lock (attempts) attempts.Add(clock.ElapsedMilliseconds);
            throw new InvalidOperationException("The image library is out to lunch.");
        });

        var photoId = await AddInlineAsync(TestImages.Png());
        await Host.Host.Events.Invocations.WhenIdleAsync();

        Assert.That(attempts, Has.Count.EqualTo(3));
        // The configured delays, give or take what a real timer may fire early (.NET's timers count whole
        // milliseconds of a coarse tick: 6 ms early was seen in CI), never the retries back to back.
        Assert.That(attempts[1] - attempts[0], Is.GreaterThanOrEqualTo(100 - 15));
        Assert.That(attempts[2] - attempts[1], Is.GreaterThanOrEqualTo(200 - 15));
        var failures = await Host.Http.GetFromJsonAsync<JsonElement>("/_local/failures");
        var failure = failures.EnumerateArray().Single();
        var key = PhotoKeys.Original(photoId, ImageTypes.Png);
        Assert.That(failure.GetProperty("function").GetString(), Is.EqualTo(Triggered.Name));
        Assert.That(failure.GetProperty("event").GetString(), Is.EqualTo($"ObjectCreated:Put {key}"));
        Assert.That(failure.GetProperty("payload").GetString(), Does.Contain(key));
        Assert.That(failure.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("error").GetString()),
            Is.EqualTo(Enumerable.Repeat("InvalidOperationException: The image library is out to lunch.", 3)));
        Assert.That(_console.ToString().Split('\n').Count(l => l.Contains($"[events] {Triggered.Name}: attempt", StringComparison.Ordinal)), Is.EqualTo(3));
        var photo = (await Host.Http.GetFromJsonAsync<JsonElement>($"/photos/{photoId}")).GetProperty("photo");
        Assert.That(photo.GetProperty("imageState").GetString(), Is.EqualTo("processing"), "nothing recorded it");
    }

    [Test]
    public async Task ObjectsOutsideTheTrigger_VariantsAndUploads_DeliverNothing()
    {
        await StartAsync(_ => _ => Task.FromResult<Stream>(new MemoryStream()));
        var store = Host.Host.Backend.Store;
        var photoId = PhotoId.New(DateTimeOffset.UtcNow);

        // What processphoto itself writes must not trigger it again (no loop), nor may unchecked uploads.
        await store.PutAsync(PhotoKeys.Thumbnail(photoId), TestImages.Jpeg(), ImageTypes.Jpeg, default);
        await store.PutAsync(PhotoKeys.Upload(photoId, ImageTypes.Png), TestImages.Png(), ImageTypes.Png, default);
        await store.PutAsync(PhotoKeys.Original(photoId, ImageTypes.Gif), TestImages.Gif(), ImageTypes.Gif, default);
        await Host.Host.Events.Invocations.WhenIdleAsync();

        Assert.That(Events().Select(e => e["Records"]![0]!["s3"]!["object"]!["key"]!.GetValue<string>()),
            Is.EqualTo(new[] { PhotoKeys.Original(photoId, ImageTypes.Gif) }));
    }

    [Test]
    public async Task Dispose_EventWaitingForItsRetry_HostStopsPromptly()
    {
        var attempted = new TaskCompletionSource();
        await StartAsync(_ => _ =>
        {
            attempted.TrySetResult();
            throw new InvalidOperationException("no");
        }, new AsyncInvocationOptions { RetryDelays = [TimeSpan.FromHours(1), TimeSpan.FromHours(2)], DeliveryDelay = TimeSpan.Zero });
        await AddInlineAsync(TestImages.Png());
        await attempted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stopping = Stopwatch.StartNew();
        await Host.DisposeAsync();
        _host = null;

        Assert.That(stopping.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(_console.ToString(), Does.Contain("not delivered: the host stopped after 1 failed attempt(s)."));
    }
}
