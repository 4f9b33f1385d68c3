using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>A new user's whole visit, from signing up to logging out, as they would click through it.</summary>
[Category(TestCategories.Browser)]
public sealed class JourneyTests : BrowserTest
{
    private const long MiB = 1024 * 1024;

    [Test]
    public async Task NewUser_SignsUpUploadsSearchesAndLogsOut_EveryViewWorks()
    {
        // A guest landing on the gallery is sent to log in, and from there to sign up.
        await Page.GotoAsync("/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();

        // Sign up: the password rules are listed and tick as they are met.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" })).ToBeVisibleAsync();
        await Page.GetByLabel("Username").FillAsync("ada");
        await Page.GetByLabel("Your name").FillAsync("Ada Lovelace");
        await Page.GetByLabel("Email").FillAsync("ada@example.com");
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync("Analytical-Engine1");
        await Expect(Page.Locator("#password-rules li")).ToHaveCountAsync(5);
        await Expect(Page.Locator("#password-rules li.is-met")).ToHaveCountAsync(5);
        await ScreenshotAsync("sign-up", guide: "frontend-sign-up.png");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Confirm: running locally, the view says where the code is and can take it from the outbox.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Confirm your email" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Account created.")).ToBeVisibleAsync();
        await Expect(Page.Locator(".local-help")).ToContainTextAsync("/_local/outbox");
        await Expect(Page.Locator(".local-help")).ToContainTextAsync("terminal");
        await Expect(Page.GetByLabel("Username")).ToHaveValueAsync("ada");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Fill in the code from the outbox" }).ClickAsync();
        await Expect(Page.GetByLabel("Confirmation code")).ToHaveValueAsync(Server.CodeFor("ada"));
        await ScreenshotAsync("confirm-email", guide: "frontend-confirm-email.png");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm email" }).ClickAsync();

        // Log in.
        await Expect(Page.GetByText("Email confirmed. You can log in now.")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Username")).ToHaveValueAsync("ada");
        await Page.GetByLabel("Password").FillAsync("Analytical-Engine1");
        await ScreenshotAsync("log-in");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        // An empty gallery says so and points to the upload view.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "No photos yet" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Signed in as Ada Lovelace")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Upload" }).ClickAsync();

        // Upload two photos at once: a small one inline, one over 4 MiB through the presigned upload.
        var harbour = TestImages.Landscape(960, 640, seed: 7);
        var sunset = TestImages.Landscape(1600, 1000, seed: 42, grain: 10, level: CompressionLevel.NoCompression);
        Assert.That(harbour.Length, Is.LessThan(3 * MiB), "the small photo must go inline");
        Assert.That(sunset.Length, Is.GreaterThan(4 * MiB), "the large photo must be over the inline limit");
        var storageUploads = new List<string>();
        Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.Contains("/_local/storage/", StringComparison.Ordinal))
                storageUploads.Add(request.Headers.GetValueOrDefault("content-type") ?? "");
        };

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Upload photos" })).ToBeVisibleAsync();
        await Page.GetByLabel("Choose photos").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "harbour_at_dawn.png", MimeType = "image/png", Buffer = harbour },
            new FilePayload { Name = "sunset-over-the-lake.png", MimeType = "image/png", Buffer = sunset },
        });
        var harbourItem = Page.Locator("li.upload-item", new() { HasText = "harbour_at_dawn.png" });
        var sunsetItem = Page.Locator("li.upload-item", new() { HasText = "sunset-over-the-lake.png" });
        await Expect(harbourItem.GetByLabel("Title")).ToHaveValueAsync("Harbour at dawn");
        await harbourItem.GetByLabel("Tags").FillAsync("boats, morning");
        await sunsetItem.GetByLabel("Title").FillAsync("Sunset over the lake");
        await sunsetItem.GetByLabel("Description").FillAsync("The last light over the water, from the old jetty.");
        await sunsetItem.GetByLabel("Tags").FillAsync("evening, lake");
        // Both previews are made in the browser: it decoded each photo.
        await WaitForImagesAsync("li.upload-item img.upload-item__preview", 2);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload 2 photos" }).ClickAsync();
        await Expect(Page.GetByText("All 2 photos are in the gallery.")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(Page.Locator("li.upload-item progress")).ToHaveCountAsync(2);
        foreach (var progress in await Page.Locator("li.upload-item progress").AllAsync())
            await Expect(progress).ToHaveAttributeAsync("value", "100");
        Assert.That(storageUploads, Has.Count.EqualTo(1), "only the large photo goes to storage directly");
        Assert.That(storageUploads[0], Does.StartWith("multipart/form-data"), "as the presigned POST form");
        await ScreenshotAsync("upload", guide: "frontend-upload.png");

        // The server makes each photo's thumbnail and display image (or the test stands in for it).
        await Images.SettleAllAsync();

        // The gallery shows both, newest first, as the server's thumbnails (never the originals).
        await Page.GetByRole(AriaRole.Link, new() { Name = "See the gallery" }).ClickAsync();
        var tiles = Page.Locator("#photo-grid li.tile");
        await Expect(tiles).ToHaveCountAsync(2);
        await Expect(tiles.Nth(0).Locator("img")).ToHaveAttributeAsync("alt", "Sunset over the lake");
        await Expect(tiles.Nth(1).Locator("img")).ToHaveAttributeAsync("alt", "Harbour at dawn");
        await WaitForImagesAsync("#photo-grid img", 2);
        foreach (var image in await Page.Locator("#photo-grid img").AllAsync())
            await Expect(image).ToHaveAttributeAsync("src", new Regex("/thumbnail\\.jpg\\?"));
        await ScreenshotAsync("gallery", guide: "frontend-gallery.png");

        // Search as you type: a lower-case prefix finds the sunset, with the prefix marked.
        await Page.GetByLabel("Search photos").PressSequentiallyAsync("suns", new() { Delay = 60 });
        await Expect(Page.Locator("#result-status")).ToHaveTextAsync("1 photo matches “suns”.");
        await Expect(tiles).ToHaveCountAsync(1);
        await Expect(tiles.Locator("img")).ToHaveAttributeAsync("alt", "Sunset over the lake");
        await Expect(tiles.Locator("mark").First).ToHaveTextAsync("Suns");
        Assert.That(Page.Url, Does.EndWith("#/search?q=suns"));
        await WaitForImagesAsync("#photo-grid img", 1);
        await ScreenshotAsync("search", guide: "frontend-search.png");

        // The detail view shows the display image and everything known about it; the keyboard gets there.
        await Page.Keyboard.PressAsync("Tab");
        await Expect(tiles.First.GetByRole(AriaRole.Link)).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sunset over the lake", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sunset over the lake", Level = 1 })).ToBeFocusedAsync();
        var full = Page.Locator(".detail__figure img");
        await Expect(full).ToHaveAttributeAsync("src", new Regex("/display\\.jpg\\?"));
        await Page.WaitForFunctionAsync("() => { const i = document.querySelector('.detail__figure img'); return i && i.complete && i.naturalWidth > 0; }");
        await Expect(Page.Locator(".detail__description")).ToHaveTextAsync("The last light over the water, from the old jetty.");
        await Expect(Page.Locator(".tags a")).ToHaveTextAsync(["evening", "lake"]);
        await Expect(Page.Locator(".detail__owner")).ToHaveTextAsync("ada");
        await Expect(Page.Locator(".facts time")).ToHaveAttributeAsync("datetime", new Regex("^\\d{4}-\\d\\d-\\d\\dT"));
        await Expect(Page.Locator(".facts")).ToContainTextAsync("1600 × 1000 pixels");
        // Ada's own photo: she may download the original, and is told what it carries.
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Download original" })).ToHaveAttributeAsync("href", new Regex("/original\\.png\\?"));
        await ScreenshotAsync("photo-detail", guide: "frontend-photo-detail.png");

        // On a phone-sized screen the gallery fits the width: no sideways scrolling.
        // Back goes to the search results the photo was opened from; the gallery is one click on.
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GetByRole(AriaRole.Link, new() { Name = "← Back to the search results" }).ClickAsync();
        await Expect(tiles).ToHaveCountAsync(1);
        Assert.That(Page.Url, Does.EndWith("#/search?q=suns"));
        await Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Gallery" }).ClickAsync();
        await Expect(tiles).ToHaveCountAsync(2);
        await WaitForImagesAsync("#photo-grid img", 2);
        Assert.That(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), Is.True);
        await ScreenshotAsync("gallery-phone", guide: "frontend-gallery-phone.png");
        await Page.SetViewportSizeAsync(1280, 860);

        // Log out: back to log in, and the gallery is closed until the next log in.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(Page.GetByText("You have logged out.")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();
        await ScreenshotAsync("logged-out");
        await Page.GotoAsync("/#/upload");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
    }

    /// <summary>Waits until that many images match and every one has been decoded.</summary>
    private Task WaitForImagesAsync(string selector, int count) =>
        Page.WaitForFunctionAsync(
            "([selector, count]) => { const images = [...document.querySelectorAll(selector)]; return images.length === count && images.every(i => i.complete && i.naturalWidth > 0); }",
            new object[] { selector, count });
}
