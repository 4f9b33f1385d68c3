using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>
/// The page and the server-made images: placeholders while a photo is processing, the swap when the API
/// reports it ready, the failure and its reason, the owner's download of the original, and never an
/// original in the grid. The test plays processphoto's part (<see cref="PhotoImages"/>), so each state
/// comes exactly when the test says.
/// </summary>
[Category(TestCategories.Browser)]
public sealed partial class PhotoImageTests : BrowserTest
{
    private const string Failed = "We could not make this photo's images.";
    private const string Reason = "The file ends before its image data does (a truncated JPEG).";

    [Test]
    public async Task Gallery_PhotoProcessing_ShowsAPlaceholderThenItsThumbnailWhenReady()
    {
        var thumbnail = await CanvasPhotos.JpegAsync(Page, 640, 480, seed: 5, quality: 0.8);
        var display = await CanvasPhotos.JpegAsync(Page, 1600, 1200, seed: 5, quality: 0.8);
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("imogen", "Magnolia-1925", "Imogen");
        var ready = await Images.AddProcessingAsync("imogen", "Magnolia blossom", 3200, 2400);
        await Images.MakeReadyAsync(ready, thumbnail, display, 3200, 2400);
        var processing = await Images.AddProcessingAsync("imogen", "Agave design", 4000, 3000);
        var asked = RecordPhotoRequests();

        await LogInAsync("imogen", "Magnolia-1925");
        var tile = Tile(processing);
        var box = tile.GetByRole(AriaRole.Img, new() { Name = "Agave design" });
        await Expect(box).ToHaveClassAsync(new Regex("placeholder--processing"));
        await Expect(box).ToContainTextAsync("Preparing the image…");
        await Expect(tile.Locator("img")).ToHaveCountAsync(0);
        await Expect(Tile(ready).Locator("img")).ToHaveAttributeAsync("src", new Regex("/thumbnail\\.jpg\\?"));
        await WaitForDecodedAsync($"#photo-grid li[data-photo-id='{ready}'] img");
        // The same box as a thumbnail: the grid does not jump when the image arrives.
        var placeholderBox = await box.BoundingBoxAsync();
        var thumbnailBox = await Tile(ready).Locator("img").BoundingBoxAsync();
        Assert.That(placeholderBox!.Width, Is.EqualTo(thumbnailBox!.Width).Within(1));
        Assert.That(placeholderBox.Height, Is.EqualTo(thumbnailBox.Height).Within(1));
        await ScreenshotAsync("processing");

        // The page asks about the processing photo, and only about it.
        await EventuallyAsync(() => Snapshot(asked).Contains(processing), "the processing photo is asked about");
        Assert.That(Snapshot(asked), Does.Not.Contain(ready));

        await Images.MakeReadyAsync(processing, thumbnail, display, 4000, 3000);
        await Expect(tile.Locator("img")).ToHaveAttributeAsync("src", new Regex("/thumbnail\\.jpg\\?"), new() { Timeout = 20_000 });
        await Expect(tile.GetByRole(AriaRole.Img)).ToHaveAccessibleNameAsync("Agave design");
        await Expect(tile).ToHaveAttributeAsync("data-image-state", "ready");
        await WaitForDecodedAsync($"#photo-grid li[data-photo-id='{processing}'] img");
        await ScreenshotAsync("ready");

        // Settled: no more asking.
        var asks = Snapshot(asked).Count;
        await Page.WaitForTimeoutAsync(2_500);
        Assert.That(Snapshot(asked), Has.Count.EqualTo(asks));
    }

    [Test]
    public async Task Gallery_ProcessingTiles_AskOnlyWhileInViewAndStopWhenThePageIsLeft()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("minor", "Bluff-1940", "Minor");
        var ids = new List<string>();
        for (var i = 1; i <= 24; i++) ids.Add(await Images.AddProcessingAsync("minor", $"Wave study {i:00}"));
        // A phone screen: a few tiles in view, most below.
        await Page.SetViewportSizeAsync(390, 844);
        var asked = RecordPhotoRequests();

        await LogInAsync("minor", "Bluff-1940");
        await Expect(Page.Locator("#photo-grid li.tile")).ToHaveCountAsync(24);
        var inView = await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll("#photo-grid li.tile")]
              .filter(t => { const r = t.getBoundingClientRect(); return r.bottom >= 0 && r.top <= innerHeight; })
              .map(t => t.dataset.photoId)
            """);
        Assert.That(inView, Has.Length.InRange(1, 8), "the phone shows a few tiles");
        await EventuallyAsync(() => Snapshot(asked).Distinct().Count() >= inView.Length, "every tile in view is asked about");
        Assert.That(Snapshot(asked).Distinct(), Is.EquivalentTo(inView));

        // Another view: every watcher stops (the next asks would be due 2 s after the first).
        await Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Upload" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Upload photos" })).ToBeVisibleAsync();
        var asks = Snapshot(asked).Count;
        await Page.WaitForTimeoutAsync(3_500);
        Assert.That(Snapshot(asked), Has.Count.EqualTo(asks));
    }

    [Test]
    public async Task FailedPhoto_SaysSoEverywhere_AndGivesTheReasonToItsOwnerOnly()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("lee", "Surrealist-1930", "Lee");
        await api.CreateConfirmedUserAsync("man", "Rayograph-1922", "Man");
        var photo = await Images.AddProcessingAsync("lee", "Solarised portrait", 1200, 1600);
        await Images.FailAsync(photo, Reason);

        await LogInAsync("lee", "Surrealist-1930");
        var box = Tile(photo).GetByRole(AriaRole.Img, new() { Name = "Solarised portrait" });
        await Expect(box).ToHaveClassAsync(new Regex("placeholder--failed"));
        await Expect(box).ToContainTextAsync(Failed);
        await Expect(box).ToContainTextAsync(Reason);
        await Expect(box).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(Failed)));
        await ScreenshotAsync("failed-tile-owner");
        await Tile(photo).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Solarised portrait", Level = 1 })).ToBeVisibleAsync();
        var figure = Page.Locator(".detail__figure");
        await Expect(figure).ToContainTextAsync(Failed);
        await Expect(figure).ToContainTextAsync(Reason);
        await Expect(figure.Locator("img")).ToHaveCountAsync(0);
        await ScreenshotAsync("failed-photo-owner");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await LogInAsync("man", "Rayograph-1922");
        await Expect(Tile(photo)).ToContainTextAsync(Failed);
        await Expect(Tile(photo)).Not.ToContainTextAsync(Reason);
        await Tile(photo).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(figure).ToContainTextAsync(Failed);
        await Expect(figure).Not.ToContainTextAsync(Reason);
    }

    [Test]
    public async Task PhotoPage_Processing_ShowsAPlaceholderOfThePhotosShapeThenTheDisplayImage()
    {
        var thumbnail = await CanvasPhotos.JpegAsync(Page, 480, 640, seed: 9, quality: 0.8);
        var display = await CanvasPhotos.JpegAsync(Page, 900, 1200, seed: 9, quality: 0.8);
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("julia", "Cameron-1864", "Julia");
        var photo = await Images.AddProcessingAsync("julia", "Portrait in window light", 3000, 4000);

        await LogInAsync("julia", "Cameron-1864");
        await Page.GotoAsync($"/#/photo/{photo}");
        var box = Page.Locator(".detail__figure").GetByRole(AriaRole.Img, new() { Name = "Portrait in window light" });
        await Expect(box).ToContainTextAsync("Preparing the image…");
        var shape = await box.BoundingBoxAsync();
        Assert.That(shape!.Width / shape.Height, Is.EqualTo(0.75).Within(0.02), "a portrait placeholder for a portrait photo");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Open the full-size image" })).ToHaveCountAsync(0);
        await ScreenshotAsync("processing");

        await Images.MakeReadyAsync(photo, thumbnail, display, 3000, 4000);
        var image = Page.Locator(".detail__figure img");
        await Expect(image).ToHaveAttributeAsync("src", new Regex("/display\\.jpg\\?"), new() { Timeout = 20_000 });
        await Expect(image).ToHaveAttributeAsync("alt", "Portrait in window light");
        await Page.WaitForFunctionAsync("() => { const i = document.querySelector('.detail__figure img'); return i.complete && i.naturalWidth === 900; }");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Open the full-size image" })).ToHaveAttributeAsync("href", new Regex("/display\\.jpg\\?"));
        await Expect(Page.Locator(".facts")).ToContainTextAsync("3000 × 4000 pixels");
        await ScreenshotAsync("ready");
    }

    [Test]
    public async Task PhotoPage_Owner_CanDownloadTheOriginalWithALocationNote_OthersCannot()
    {
        var original = TestImages.Landscape(800, 500, seed: 11);
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("eugene", "Paris-1900", "Eugène");
        await api.CreateConfirmedUserAsync("berenice", "Changing-NY-1939", "Berenice");
        await api.AddPhotosAsync("eugene", "Paris-1900", [("Rue des Ursins", original)]);
        var urls = RecordRequests();

        await LogInAsync("eugene", "Paris-1900");
        await Page.Locator("#photo-grid li.tile a").First.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Rue des Ursins", Level = 1 })).ToBeVisibleAsync();
        var download = Page.GetByRole(AriaRole.Link, new() { Name = "Download original" });
        await Expect(download).ToHaveAttributeAsync("href", new Regex("/original\\.png\\?"));
        await Expect(download).ToHaveAccessibleDescriptionAsync(new Regex("location data \\(GPS\\)"));
        await ScreenshotAsync("owner");
        // The link is offered, never loaded by the page; followed, it gives the file exactly as uploaded.
        Assert.That(Snapshot(urls), Has.None.Contains("/original."));
        var response = await Page.APIRequest.GetAsync((await download.GetAttributeAsync("href"))!);
        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(await response.BodyAsync(), Is.EqualTo(original));

        var photoPage = Page.Url;
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await LogInAsync("berenice", "Changing-NY-1939");
        await Page.GotoAsync(photoPage);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Rue des Ursins", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator(".detail__owner")).ToHaveTextAsync("eugene");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Download original" })).ToHaveCountAsync(0);
        await Expect(Page.GetByText("location data")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task Gallery_PhotosInEveryState_NeverRequestAnOriginal()
    {
        var thumbnail = await CanvasPhotos.JpegAsync(Page, 640, 427, seed: 3, quality: 0.8);
        var display = await CanvasPhotos.JpegAsync(Page, 1200, 800, seed: 3, quality: 0.8);
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("walker", "Evans-1936", "Walker");
        // Photos with originals in storage (whatever processphoto makes of them), and one of each state.
        await api.AddPhotosAsync("walker", "Evans-1936",
            Enumerable.Range(1, 3).Select(i => ($"Main street {i}", TestImages.Landscape(600, 400, seed: i))));
        var ready = await Images.AddProcessingAsync("walker", "Main street ready", 1200, 800);
        await Images.MakeReadyAsync(ready, thumbnail, display, 1200, 800);
        var failed = await Images.AddProcessingAsync("walker", "Main street failed");
        await Images.FailAsync(failed, Reason);
        await Images.AddProcessingAsync("walker", "Main street processing");
        var urls = RecordRequests();

        // The owner browses: the grid, a search, and back.
        await LogInAsync("walker", "Evans-1936");
        await Expect(Page.Locator("#photo-grid li.tile")).ToHaveCountAsync(6);
        await WaitForDecodedAsync($"#photo-grid li[data-photo-id='{ready}'] img");
        await Page.GetByLabel("Search photos").FillAsync("main street");
        await Expect(Page.Locator("#result-status")).ToHaveTextAsync("6 photos match “main street”.");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var requested = Snapshot(urls);
        Assert.That(requested, Has.Some.Contains("/thumbnail.jpg"), "the recording sees the images the grid loads");
        Assert.That(requested, Has.None.Contains("/original."));
        Assert.That(requested, Has.None.Contains("/display.jpg"), "the grid loads thumbnails only");
    }

    private ILocator Tile(string photoId) => Page.Locator($"#photo-grid li.tile[data-photo-id='{photoId}']");

    /// <summary>Every URL the test's page requests, from now on.</summary>
    private List<string> RecordRequests()
    {
        var urls = new List<string>();
        Page.Request += (_, request) => { lock (urls) urls.Add(request.Url); };
        return urls;
    }

    /// <summary>The photo id of every GET /photos/{id} the page makes, from now on.</summary>
    private List<string> RecordPhotoRequests()
    {
        var ids = new List<string>();
        Page.Request += (_, request) =>
        {
            if (request.Method != "GET") return;
            var match = PhotoPath().Match(new Uri(request.Url).AbsolutePath);
            if (match.Success) lock (ids) ids.Add(match.Groups[1].Value);
        };
        return ids;
    }

    private static List<string> Snapshot(List<string> recorded)
    {
        lock (recorded) return [.. recorded];
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not seen within 15 s: {what}.");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex("^/photos/([^/]+)$")]
    private static partial Regex PhotoPath();

    private Task WaitForDecodedAsync(string selector) =>
        Page.WaitForFunctionAsync("selector => { const i = document.querySelector(selector); return i && i.complete && i.naturalWidth > 0; }", selector);
}
