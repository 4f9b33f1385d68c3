using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

[Category(TestCategories.Browser)]
public sealed class UploadTests : BrowserTest
{
    [Test]
    public async Task Upload_DropAPhotoAndATextFile_TakesThePhotoAndRefusesTheText()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("berenice", "Changing-NY-1939", "Berenice");
        await LogInAsync("berenice", "Changing-NY-1939");
        await Page.GotoAsync("/#/upload");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Upload photos" })).ToBeVisibleAsync();

        // What a drag from the desktop delivers: a DataTransfer holding the files, dropped on the zone.
        var png = Convert.ToBase64String(TestImages.Landscape(320, 200, seed: 3));
        var files = await Page.EvaluateHandleAsync("""
            png => {
              const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], "bridge_at_night.png", { type: "image/png" }));
              transfer.items.add(new File(["just words"], "notes.txt", { type: "text/plain" }));
              return transfer;
            }
            """, png);
        var zone = Page.Locator(".dropzone");
        await zone.DispatchEventAsync("dragenter", new { dataTransfer = files });
        await Expect(zone).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-dragging"));
        await zone.DispatchEventAsync("drop", new { dataTransfer = files });

        var photo = Page.Locator("li.upload-item", new() { HasText = "bridge_at_night.png" });
        var text = Page.Locator("li.upload-item", new() { HasText = "notes.txt" });
        await Expect(photo.GetByLabel("Title")).ToHaveValueAsync("Bridge at night");
        await Expect(photo.GetByLabel("Title")).ToBeFocusedAsync();
        await Expect(text.GetByRole(AriaRole.Alert)).ToHaveTextAsync("notes.txt is not a JPEG, PNG, GIF or WebP image, so it can't be added.");
        // The preview is made by the browser: never larger than the photo itself.
        await Page.WaitForFunctionAsync("() => { const i = document.querySelector('.upload-item__preview'); return i.complete && i.naturalWidth === 320; }");
        var posted = Page.WaitForRequestAsync(r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/photos");

        // Only the photo counts, and a title is required before anything is sent.
        await photo.GetByLabel("Title").FillAsync("");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 1 photo" }).ClickAsync();
        await Expect(photo.Locator(".field-error:not([hidden])")).ToHaveTextAsync("Give this photo a title.");
        await Expect(photo.GetByLabel("Title")).ToBeFocusedAsync();
        await photo.GetByLabel("Title").FillAsync("Bridge at night");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 1 photo" }).ClickAsync();
        await Expect(Page.GetByText("Your photo is in the gallery.")).ToBeVisibleAsync();
        await Expect(photo.GetByRole(AriaRole.Link, new() { Name = "View “Bridge at night”" })).ToBeVisibleAsync();
        // The photo went inline, and the preview stayed in the browser: the server makes the thumbnail.
        using var body = JsonDocument.Parse((await posted).PostData!);
        Assert.That(Convert.FromBase64String(body.RootElement.GetProperty("image").GetString()!), Is.EqualTo(Convert.FromBase64String(png)));
        Assert.That(body.RootElement.TryGetProperty("thumbnail", out _), Is.False, "the upload carries no thumbnail");
    }

    [Test]
    public async Task Upload_ThenGallery_ShowsTheLocalPreviewUntilTheServersThumbnailIsReady()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("tina", "Modotti-1926", "Tina");
        await LogInAsync("tina", "Modotti-1926");
        await Page.GotoAsync("/#/upload");
        await Page.GetByLabel("Choose photos").SetInputFilesAsync(new FilePayload
        {
            Name = "roses.png", MimeType = "image/png", Buffer = TestImages.Landscape(640, 400, seed: 17),
        });
        await Page.WaitForFunctionAsync("() => { const i = document.querySelector('.upload-item__preview'); return i.complete && i.naturalWidth === 400; }");
        var preview = await Page.Locator(".upload-item__preview").GetAttributeAsync("src");
        Assert.That(preview, Does.StartWith("blob:"));

        // Whatever the host's processphoto does meanwhile, the API answers every photo as processing until the test lets go.
        await Page.RouteAsync(PhotoReads(), AnswerProcessingAsync);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 1 photo" }).ClickAsync();
        await Expect(Page.GetByText("Your photo is in the gallery.")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "See the gallery" }).ClickAsync();
        var image = Page.Locator("#photo-grid li.tile img");
        await Expect(image).ToHaveAttributeAsync("src", preview!);
        await Expect(image).ToHaveAttributeAsync("alt", "Roses");
        await Page.WaitForFunctionAsync("() => { const i = document.querySelector('#photo-grid img'); return i.complete && i.naturalWidth === 400; }");
        await ScreenshotAsync("local-preview");

        await Page.UnrouteAsync(PhotoReads());
        await Images.SettleAllAsync();
        // The tile asks again with a growing pause (up to 16 s by now), then swaps in the server's thumbnail.
        await Expect(image).ToHaveAttributeAsync("src", new Regex("/thumbnail\\.jpg\\?"), new() { Timeout = 45_000 });
        await Expect(image).ToHaveAttributeAsync("alt", "Roses");
        // Once the thumbnail is in, the preview's object URL is let go: it no longer loads as an image (an image,
        // not fetch(): the page's policy lets it show blob: images but fetch nothing from blob: at all).
        await Page.WaitForFunctionAsync(
            "url => new Promise(done => { const i = new Image(); i.onload = () => done(false); i.onerror = () => done(true); i.src = url; })", preview);
        await ScreenshotAsync("server-thumbnail");
    }

    /// <summary>GET /photos and GET /photos/{id} (and, unavoidably, POST /photos, which passes through untouched).</summary>
    private static Regex PhotoReads() => new("/photos(/[0-9A-Z]{26})?(\\?.*)?$");

    private static async Task AnswerProcessingAsync(IRoute route)
    {
        if (route.Request.Method != "GET")
        {
            await route.FallbackAsync();
            return;
        }
        var response = await route.FetchAsync();
        var body = JsonNode.Parse(await response.TextAsync())!;
        foreach (var photo in body["photos"]?.AsArray() ?? [body["photo"]])
        {
            photo!["imageState"] = "processing";
            photo["thumbnailUrl"] = null;
            photo["imageUrl"] = null;
            photo["imageProblem"] = null;
        }
        await route.FulfillAsync(new() { Response = response, Body = body.ToJsonString() });
    }
}
