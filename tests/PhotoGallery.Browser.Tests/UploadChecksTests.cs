using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using PhotoGallery.Core.Photos;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>
/// Uploads that explain themselves: the type read from the file's bytes by the server's own rules (a
/// misnamed photo just works, a non-image is refused at once), the limits said before anything is picked,
/// failed photos retried or removed one by one, and a warning before a page with uploads running is left.
/// </summary>
[Category(TestCategories.Browser)]
public sealed class UploadChecksTests : BrowserTest
{
    private const string Password = "Changing-NY-1939";

    [Test]
    public async Task Sniffing_PageAndServer_AgreeOnEverySample()
    {
        var samples = new Dictionary<string, byte[]>
        {
            ["png"] = TestImages.Png(),
            ["landscape png"] = TestImages.Landscape(64, 48, seed: 1),
            ["jpeg"] = TestImages.Jpeg(),
            ["canvas jpeg"] = await CanvasPhotos.JpegAsync(Page, 64, 48, seed: 2),
            ["gif"] = TestImages.Gif(),
            ["webp"] = TestImages.Webp(),
            ["jpeg signature alone"] = [0xFF, 0xD8, 0xFF],
            ["two bytes of jpeg"] = [0xFF, 0xD8],
            ["png signature but one byte"] = TestImages.Png()[..7],
            ["GIF88a"] = Encoding.ASCII.GetBytes("GIF88a;"),
            ["RIFF WAVE"] = [.. "RIFF"u8, 36, 0, 0, 0, .. "WAVEfmt "u8],
            ["RIFF WEBP cut at 11 bytes"] = TestImages.Webp()[..11],
            ["RIFF WEBP, 12 bytes"] = TestImages.Webp()[..12],
            ["text"] = Encoding.UTF8.GetBytes("just words, not a photo"),
            ["bmp"] = [.. "BM"u8, 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0],
            ["pdf"] = Encoding.ASCII.GetBytes("%PDF-1.7\n"),
            ["heic"] = [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0],
            ["empty"] = [],
        };
        await Page.GotoAsync("/#/login");
        var sniffed = await Page.EvaluateAsync<JsonElement>("""
            async (samples) => {
              const { sniffFile } = await import("/js/imagetype.js");
              const out = {};
              for (const [name, base64] of Object.entries(samples)) {
                const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
                out[name] = await sniffFile(new File([bytes], "whatever.jpg", { type: "image/jpeg" }));
              }
              return out;
            }
            """, samples.ToDictionary(s => s.Key, s => Convert.ToBase64String(s.Value)));

        Assert.Multiple(() =>
        {
            foreach (var (name, bytes) in samples)
            {
                var page = sniffed.GetProperty(name);
                Assert.That(page.ValueKind == JsonValueKind.Null ? null : page.GetString(), Is.EqualTo(ImageTypes.Inspect(bytes)?.ContentType), name);
            }
        });
        Assert.That(ImageTypes.Inspect(samples["png"])?.ContentType, Is.EqualTo(ImageTypes.Png), "the samples include real images");
    }

    [Test]
    public async Task Upload_MisnamedPngAndATextFileNamedJpg_PhotoGoesAsPngTextRefusedAtOnce()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("berenice", Password, "Berenice");
        await LogInAsync("berenice", Password);
        await Page.GotoAsync("/#/upload");
        // The limit is said before anything is picked, in the units the API uses.
        var limit = $"{PhotoLimits.Default.MaxPhotoBytes / PhotoLimits.MiB} MiB";
        await Expect(Page.Locator(".dropzone")).ToContainTextAsync($"JPEG, PNG, GIF or WebP, up to {limit} each");

        var png = TestImages.Landscape(320, 200, seed: 5);
        await Page.GetByLabel("Choose photos").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "harbour.jpg", MimeType = "image/jpeg", Buffer = png },
            new FilePayload { Name = "notes.jpg", MimeType = "image/jpeg", Buffer = Encoding.UTF8.GetBytes("shopping: film, batteries") },
        });
        var photo = Page.Locator("li.upload-item", new() { HasText = "harbour.jpg" });
        var notes = Page.Locator("li.upload-item", new() { HasText = "notes.jpg" });
        // Refused at once, in one sentence, with nothing to fill in.
        await Expect(notes.GetByRole(AriaRole.Alert)).ToHaveTextAsync("notes.jpg is not a JPEG, PNG, GIF or WebP image, so it can't be added.");
        await Expect(notes.GetByLabel("Title")).ToHaveCountAsync(0);
        await Expect(photo.GetByLabel("Title")).ToBeFocusedAsync();
        await Expect(photo.Locator(".upload-item__name small")).ToHaveTextAsync(new Regex(@"^\(\d+(\.\d)? KiB\)$"));
        await ScreenshotAsync("refused-at-once");

        // A title left empty is asked for, and the request goes as soon as one is typed.
        await photo.GetByLabel("Title").FillAsync("");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 1 photo" }).ClickAsync();
        var titleError = photo.GetByText("Give this photo a title.");
        await Expect(titleError).ToBeVisibleAsync();
        await photo.GetByLabel("Title").PressSequentiallyAsync("H");
        await Expect(titleError).ToBeHiddenAsync();
        await Expect(photo.GetByLabel("Title")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await photo.GetByLabel("Title").FillAsync("Harbour");

        var posted = Page.WaitForRequestAsync(r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/photos");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 1 photo" }).ClickAsync();
        await Expect(Page.GetByText("Your photo is in the gallery.")).ToBeVisibleAsync();
        await Expect(photo.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        using var body = JsonDocument.Parse((await posted).PostData!);
        Assert.That(body.RootElement.GetProperty("contentType").GetString(), Is.EqualTo("image/png"), "the type the bytes have, not the name's");
        Assert.That(body.RootElement.GetProperty("fileName").GetString(), Is.EqualTo("harbour.jpg"));
    }

    [Test]
    public async Task Upload_FileOverTheLimit_RefusedAtSelectionInMiB()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("berenice", Password, "Berenice");
        await LogInAsync("berenice", Password);
        await Page.GotoAsync("/#/upload");
        // 51 MiB made in the page (a PNG's signature, then zeros): dropped like a file from the desktop.
        var files = await Page.EvaluateHandleAsync("""
            () => {
              const bytes = new Uint8Array(51 * 1024 * 1024);
              bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], "panorama.png", { type: "image/png" }));
              return transfer;
            }
            """);
        await Page.Locator(".dropzone").DispatchEventAsync("drop", new { dataTransfer = files });
        var item = Page.Locator("li.upload-item", new() { HasText = "panorama.png" });
        await Expect(item.GetByRole(AriaRole.Alert)).ToHaveTextAsync("panorama.png is 51 MiB; photos can be at most 50 MiB, so it can't be added.");
        await Expect(item.GetByLabel("Title")).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Upload") })).ToBeHiddenAsync();
    }

    [Test]
    public async Task Upload_SomeFail_EachCanBeRetriedOrRemovedAlone()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("berenice", Password, "Berenice");
        await LogInAsync("berenice", Password);
        await Page.GotoAsync("/#/upload");
        var failing = new HashSet<string> { "bridge.png", "pier.png" };
        await Page.RouteAsync("**/photos", async route =>
        {
            var fileName = route.Request.Method == "POST" && route.Request.PostData is { } data
                ? JsonDocument.Parse(data).RootElement.TryGetProperty("fileName", out var name) ? name.GetString() : null
                : null;
            bool fail;
            lock (failing) fail = fileName is not null && failing.Contains(fileName);
            if (!fail)
            {
                await route.FallbackAsync();
                return;
            }
            await route.FulfillAsync(new()
            {
                Status = 503, ContentType = "application/problem+json",
                Body = """{"type":"about:blank","title":"Service Unavailable","status":503,"code":"Busy","detail":"The gallery is busy; try again in a moment."}""",
            });
        });
        await Page.GetByLabel("Choose photos").SetInputFilesAsync(new[] { "ferry.png", "bridge.png", "pier.png" }
            .Select((name, i) => new FilePayload { Name = name, MimeType = "image/png", Buffer = TestImages.Landscape(160, 100, seed: i) }));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 3 photos" }).ClickAsync();

        var summary = Page.Locator(".form-messages [role=alert]");
        await Expect(summary).ToContainTextAsync("1 uploaded, 2 not. Each photo that was not uploaded says why below; try it again or remove it.");
        var bridge = Page.Locator("li.upload-item", new() { HasText = "bridge.png" });
        var pier = Page.Locator("li.upload-item", new() { HasText = "pier.png" });
        await Expect(bridge.GetByRole(AriaRole.Alert)).ToHaveTextAsync("bridge.png was not uploaded. The gallery is busy; try again in a moment.");
        // Nothing offers to send the lot again: each failed photo has its own buttons.
        await Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Upload") })).ToBeHiddenAsync();
        await ScreenshotAsync("two-failed");

        lock (failing) failing.Remove("bridge.png");
        await bridge.GetByRole(AriaRole.Button, new() { Name = "Try bridge.png again" }).ClickAsync();
        await Expect(bridge.GetByRole(AriaRole.Link, new() { Name = "View “Bridge”" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Your photo is in the gallery.")).ToBeVisibleAsync();
        await Expect(pier.GetByRole(AriaRole.Alert)).ToContainTextAsync("pier.png was not uploaded.");

        await pier.GetByRole(AriaRole.Button, new() { Name = "Remove pier.png" }).ClickAsync();
        await Expect(pier).ToHaveCountAsync(0);
        var titles = (await Server.Host.Backend.Index.ListAsync(new PhotoGallery.Core.Ports.PageRequest(10, null), CancellationToken.None)).Photos.Select(p => p.Title);
        Assert.That(titles, Is.EquivalentTo(new[] { "Ferry", "Bridge" }));
    }

    [Test]
    public async Task Upload_AFileCannotBeRead_ThatPhotoFailsInPlainWordsAndTheOthersGo()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("berenice", Password, "Berenice");
        // As when a picked file is deleted before it is sent: the browser's read of "bridge.png" fails
        // (with the browser's own error, not the API's) while its first bytes were read when it was picked.
        await Page.AddInitScriptAsync("""
            (() => {
              const read = FileReader.prototype.readAsDataURL;
              FileReader.prototype.readAsDataURL = function (blob) {
                if (blob?.name !== "bridge.png" || !window.bridgeGone) return read.call(this, blob);
                Object.defineProperty(this, "error", { value: new DOMException("A requested file or directory could not be found.", "NotFoundError") });
                setTimeout(() => this.dispatchEvent(new ProgressEvent("error")));
              };
            })();
            """);
        await LogInAsync("berenice", Password);
        await Page.GotoAsync("/#/upload");
        await Page.GetByLabel("Choose photos").SetInputFilesAsync(new[] { "ferry.png", "bridge.png", "pier.png" }
            .Select((name, i) => new FilePayload { Name = name, MimeType = "image/png", Buffer = TestImages.Landscape(160, 100, seed: i) }));
        var bridge = Page.Locator("li.upload-item", new() { HasText = "bridge.png" });
        await Expect(bridge.GetByLabel("Title")).ToHaveValueAsync("Bridge");
        await Page.EvaluateAsync("() => { window.bridgeGone = true; }");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 3 photos" }).ClickAsync();

        await Expect(Page.Locator(".form-messages [role=alert]"))
            .ToContainTextAsync("2 uploaded, 1 not. Each photo that was not uploaded says why below; try it again or remove it.");
        await Expect(bridge.GetByRole(AriaRole.Alert)).ToHaveTextAsync("bridge.png was not uploaded. This file could not be read; pick it again.");
        var pier = Page.Locator("li.upload-item", new() { HasText = "pier.png" });
        await Expect(pier.GetByRole(AriaRole.Link, new() { Name = "View “Pier”" })).ToBeVisibleAsync();
        await Expect(bridge.GetByRole(AriaRole.Button, new() { Name = "Try bridge.png again" })).ToBeVisibleAsync();
        await Expect(bridge.GetByLabel("Title")).ToBeEnabledAsync();

        // Readable again (say it was put back): trying it again sends it.
        await Page.EvaluateAsync("() => { window.bridgeGone = false; }");
        await bridge.GetByRole(AriaRole.Button, new() { Name = "Try bridge.png again" }).ClickAsync();
        await Expect(bridge.GetByRole(AriaRole.Link, new() { Name = "View “Bridge”" })).ToBeVisibleAsync();
        var titles = (await Server.Host.Backend.Index.ListAsync(new PhotoGallery.Core.Ports.PageRequest(10, null), CancellationToken.None)).Photos.Select(p => p.Title);
        Assert.That(titles, Is.EquivalentTo(new[] { "Ferry", "Pier", "Bridge" }));
    }

    [Test]
    public async Task Upload_LeavingWhileSending_AsksFirst()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("berenice", Password, "Berenice");
        await LogInAsync("berenice", Password);
        await Page.GotoAsync("/#/upload");
        // The upload's request waits until the test lets it go.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.RouteAsync("**/photos", async route =>
        {
            if (route.Request.Method == "POST")
            {
                held.TrySetResult();
                await letGo.Task;
            }
            await route.FallbackAsync();
        });
        await Page.GetByLabel("Choose photos").SetInputFilesAsync(new FilePayload
        {
            Name = "ferry.png", MimeType = "image/png", Buffer = TestImages.Landscape(160, 100, seed: 9),
        });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 1 photo" }).ClickAsync();
        await Expect(Page.Locator("li.upload-item progress")).ToBeVisibleAsync();
        // Held for real before the page is asked to close: a request Playwright has not handed to the route
        // yet when the close begins is never handed over (on a loaded machine that can take a while).
        await held.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var dialogs = new List<string>();
        Page.Dialog += async (_, dialog) =>
        {
            lock (dialogs) dialogs.Add(dialog.Type);
            await dialog.DismissAsync();
        };
        await Page.CloseAsync(new() { RunBeforeUnload = true });
        await Expect(Page.Locator("li.upload-item progress")).ToBeVisibleAsync();
        lock (dialogs) Assert.That(dialogs, Is.EqualTo(new[] { "beforeunload" }), "the browser asks before the page goes");
        Assert.That(Page.IsClosed, Is.False, "the user chose to stay");

        letGo.SetResult();
        await Expect(Page.GetByText("Your photo is in the gallery.")).ToBeVisibleAsync();
        // Nothing is being sent any more: the page goes without a question.
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Page.Close += (_, _) => closed.TrySetResult();
        await Page.CloseAsync(new() { RunBeforeUnload = true });
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (dialogs) Assert.That(dialogs, Has.Count.EqualTo(1));
    }
}
