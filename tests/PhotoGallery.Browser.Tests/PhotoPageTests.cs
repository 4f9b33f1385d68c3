using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>The photo page: previous and next through the list it was opened from (keyboard arrows too), and zoom.</summary>
[Category(TestCategories.Browser)]
public sealed class PhotoPageTests : BrowserTest
{
    [Test]
    public async Task PhotoPage_ArrowKeys_WalkTheGalleryAndBackReturnsToTheLastPhotoSeen()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("vivian", "Maier-1955", "Vivian");
        await ShapedPhotos.AddAsync(Page, Images, "vivian", 60, i => $"Chicago {i:00}");
        // A phone: the first page of 24 is far taller than the view, so the gallery loads no more by itself.
        await Page.SetViewportSizeAsync(390, 844);
        await LogInAsync("vivian", "Maier-1955");
        var tiles = Page.Locator("#photo-grid li.tile");
        await Expect(tiles).ToHaveCountAsync(24);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Newest first: Chicago 60, 59, … The last tile loaded is where the gallery's list ends for now.
        var loaded = await tiles.CountAsync();
        var lastLoaded = 60 - loaded + 1;

        // Opened without scrolling to it: scrolled near the end of the grid, the gallery would load its next
        // page (rightly), and on a loaded machine that page can arrive before the photo page reads the list.
        await tiles.Nth(loaded - 2).Locator("a").DispatchEventAsync("click");
        await ExpectPhotoAsync($"Chicago {lastLoaded + 1:00}");
        await Expect(Page.Locator(".walk__position")).ToHaveTextAsync($"{loaded - 1} of {loaded}+");
        await Page.Keyboard.PressAsync("ArrowLeft");
        await ExpectPhotoAsync($"Chicago {lastLoaded + 2:00}");
        await Page.Keyboard.PressAsync("ArrowRight");
        await ExpectPhotoAsync($"Chicago {lastLoaded + 1:00}");
        await Page.Keyboard.PressAsync("ArrowRight");
        await ExpectPhotoAsync($"Chicago {lastLoaded:00}");
        // The end of what the gallery had loaded: the next page is fetched to go on.
        await Page.Keyboard.PressAsync("ArrowRight");
        await ExpectPhotoAsync($"Chicago {lastLoaded - 1:00}");
        await Expect(Page.Locator(".walk__position")).ToHaveTextAsync(new Regex($"^{loaded + 1} of \\d+"));
        await Page.GetByRole(AriaRole.Link, new() { Name = $"Next: Chicago {lastLoaded - 2:00}" }).ClickAsync();
        await ExpectPhotoAsync($"Chicago {lastLoaded - 2:00}");
        await ScreenshotAsync("walked");

        // One Back: the walk replaced its entries, so the gallery is next, with the last photo seen in view.
        await Page.GoBackAsync();
        var last = Page.Locator("#photo-grid li.tile", new() { Has = Page.Locator(".tile__title", new() { HasTextString = $"Chicago {lastLoaded - 2:00}" }) });
        await Expect(last.Locator("a")).ToBeFocusedAsync();
        await Expect(last).ToBeInViewportAsync();
        Assert.That(await tiles.CountAsync(), Is.GreaterThan(loaded), "the page the walk loaded stays loaded");
    }

    [Test]
    public async Task PhotoPage_NextAfterAnEmptySearchPageWithACursor_LoadsOnToTheNextPhoto()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("vivian", "Maier-1955", "Vivian");
        await ShapedPhotos.AddAsync(Page, Images, "vivian", 26, i => $"Chicago {i:00}");
        // As DynamoDB may answer when a page's read budget is spent before a match: the search's second
        // page comes back empty, yet with a cursor to the real rest of the results.
        const string EmptyPage = "empty-page-then:";
        var emptyPagesServed = 0;
        await Page.RouteAsync(new Regex("/search\\?"), async route =>
        {
            var url = new Uri(route.Request.Url);
            var cursor = System.Web.HttpUtility.ParseQueryString(url.Query)["cursor"];
            if (cursor is not null && cursor.StartsWith(EmptyPage, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref emptyPagesServed);
                var rest = cursor[EmptyPage.Length..];
                await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(new { photos = Array.Empty<object>(), nextCursor = rest }) });
                return;
            }
            if (cursor is not null)
            {
                await route.FallbackAsync();
                return;
            }
            var response = await route.FetchAsync();
            var page = JsonNode.Parse(await response.TextAsync())!.AsObject();
            if (page["nextCursor"]?.GetValue<string>() is { } next) page["nextCursor"] = EmptyPage + next;
            await route.FulfillAsync(new() { Response = response, Body = page.ToJsonString() });
        });
        // A phone: the first page of 24 is far taller than the view, so the results load no more by themselves.
        await Page.SetViewportSizeAsync(390, 844);
        await LogInAsync("vivian", "Maier-1955");
        await Page.GotoAsync("/#/search?q=chicago");
        var tiles = Page.Locator("#photo-grid li.tile");
        await Expect(tiles).ToHaveCountAsync(24);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(emptyPagesServed, Is.Zero, "the results did not load on by themselves");

        // The last result loaded (newest first: Chicago 26 … 03); its Next must pass the empty page.
        await tiles.Last.Locator("a").DispatchEventAsync("click");
        await ExpectPhotoAsync("Chicago 03");
        await Expect(Page.Locator(".walk__position")).ToHaveTextAsync("24 of 24+");
        await Page.Locator("[data-walk='next']").ClickAsync();
        await ExpectPhotoAsync("Chicago 02");
        Assert.That(emptyPagesServed, Is.EqualTo(1));
        await Expect(Page.Locator(".walk__position")).ToHaveTextAsync("25 of 26");
    }

    [Test]
    public async Task PhotoPage_LastPhoto_NextIsDisabled()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("vivian", "Maier-1955", "Vivian");
        await ShapedPhotos.AddAsync(Page, Images, "vivian", 3, i => $"Chicago {i:00}");
        await LogInAsync("vivian", "Maier-1955");
        await Page.Locator("#photo-grid li.tile a").Last.ClickAsync();
        await ExpectPhotoAsync("Chicago 01");
        await Expect(Page.Locator(".walk__position")).ToHaveTextAsync("3 of 3");
        await Expect(Page.Locator("[data-walk='next']")).ToHaveAttributeAsync("aria-disabled", "true");
        await Page.Keyboard.PressAsync("ArrowRight");
        await Page.Keyboard.PressAsync("ArrowLeft");
        await ExpectPhotoAsync("Chicago 02");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Next: Chicago 01" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task PhotoPage_Zoom_ShowsTheDisplayImageAtItsOwnSizeAndFitsAgainOnEscape()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("berenice", "Changing-NY-1939", "Berenice");
        await ShapedPhotos.AddAsync(Page, Images, "berenice", 1, _ => "Flatiron");
        await LogInAsync("berenice", "Changing-NY-1939");
        await Page.Locator("#photo-grid li.tile a").First.ClickAsync();
        await ExpectPhotoAsync("Flatiron");
        var image = Page.Locator(".detail__figure img");
        await Expect(image).ToHaveAttributeAsync("src", new Regex("/display\\.jpg\\?"));
        await Page.WaitForFunctionAsync("() => { const i = document.querySelector('.detail__figure img'); return i.complete && i.naturalWidth === 1600; }");
        var fitted = (await image.BoundingBoxAsync())!;
        Assert.That(fitted.Width, Is.LessThan(1600), "the photo first fits the page");
        Assert.That(fitted.Width / fitted.Height, Is.EqualTo(4000.0 / 3000).Within(0.01), "in its own shape");

        var zoom = Page.GetByRole(AriaRole.Button, new() { Name = "Zoom to full size" });
        await zoom.ClickAsync();
        await Expect(zoom).ToHaveAttributeAsync("aria-pressed", "true");
        var zoomed = (await image.BoundingBoxAsync())!;
        Assert.That(zoomed.Width, Is.EqualTo(1600).Within(1), "one image pixel per CSS pixel");
        Assert.That(await Page.Locator(".detail__figure").EvaluateAsync<bool>("f => f.scrollWidth > f.clientWidth"), Is.True, "the zoomed photo scrolls");
        await ScreenshotAsync("zoomed");

        // Clicking the photo zooms out, and in again at the point clicked; Escape fits it again.
        await image.ClickAsync();
        await Expect(zoom).ToHaveAttributeAsync("aria-pressed", "false");
        await image.ClickAsync(new() { Position = new Position { X = 10, Y = 10 } });
        await Expect(zoom).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Page.Locator(".detail__figure")).ToBeFocusedAsync();
        Assert.That(await Page.Locator(".detail__figure").EvaluateAsync<double>("f => f.scrollLeft"), Is.EqualTo(0), "the top left corner was clicked");
        await Page.Keyboard.PressAsync("Escape");
        await Expect(zoom).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(zoom).ToBeFocusedAsync();
        Assert.That((await image.BoundingBoxAsync())!.Width, Is.EqualTo(fitted.Width).Within(1));
    }

    private async Task ExpectPhotoAsync(string title)
    {
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator(".detail__figure img")).ToHaveAttributeAsync("alt", title);
    }
}
