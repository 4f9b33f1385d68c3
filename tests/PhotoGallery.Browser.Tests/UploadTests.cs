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
        // The preview is the thumbnail the browser made: never larger than the photo itself.
        await Page.WaitForFunctionAsync("() => { const i = document.querySelector('.upload-item__preview'); return i.complete && i.naturalWidth === 320; }");

        // Only the photo counts, and a title is required before anything is sent.
        await photo.GetByLabel("Title").FillAsync("");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 1 photo" }).ClickAsync();
        await Expect(photo.Locator(".field-error:not([hidden])")).ToHaveTextAsync("Give this photo a title.");
        await Expect(photo.GetByLabel("Title")).ToBeFocusedAsync();
        await photo.GetByLabel("Title").FillAsync("Bridge at night");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 1 photo" }).ClickAsync();
        await Expect(Page.GetByText("Your photo is in the gallery.")).ToBeVisibleAsync();
        await Expect(photo.GetByRole(AriaRole.Link, new() { Name = "View “Bridge at night”" })).ToBeVisibleAsync();
    }
}
