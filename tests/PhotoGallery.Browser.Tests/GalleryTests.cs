using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

[Category(TestCategories.Browser)]
public sealed class GalleryTests : BrowserTest
{
    [Test]
    public async Task Gallery_ScrollToTheEnd_LoadsTheNextPage()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("dorothea", "Migrant-1936", "Dorothea");
        await api.AddPhotosAsync("dorothea", "Migrant-1936",
            Enumerable.Range(1, 30).Select(i => ($"Field study {i:00}", TestImages.Landscape(64, 48, seed: i))));

        // A phone screen: the first page of 24 is far taller than the view, so only scrolling brings the end near.
        await Page.SetViewportSizeAsync(390, 844);
        var photoPages = new List<string>();
        Page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/photos" && request.Method == "GET") photoPages.Add(request.Url);
        };
        await LogInAsync("dorothea", "Migrant-1936");
        var tiles = Page.Locator("#photo-grid li.tile");
        await Expect(tiles).ToHaveCountAsync(24);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(tiles).ToHaveCountAsync(24);
        Assert.That(photoPages, Has.Count.EqualTo(1), "nothing more is loaded before the user scrolls");
        // Each tile's image (a thumbnail, or a placeholder while the server makes it) is named by the title.
        await Expect(tiles.First.GetByRole(AriaRole.Img)).ToHaveAccessibleNameAsync("Field study 30");

        await tiles.Last.ScrollIntoViewIfNeededAsync();
        await Expect(tiles).ToHaveCountAsync(30);
        await Expect(tiles.Last.GetByRole(AriaRole.Img)).ToHaveAccessibleNameAsync("Field study 01");
        await Expect(Page.Locator("#result-status")).ToHaveTextAsync("Showing 30 photos.");
        Assert.That(photoPages, Has.Count.EqualTo(2));
        Assert.That(photoPages[1], Does.Contain("cursor="));
    }
}
