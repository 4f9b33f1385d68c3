using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>
/// Back keeps the user's place: from a photo opened deep in the gallery (or in search results), the
/// browser's Back and the page's own "Back" link return to the same scroll position with the same photos
/// loaded, on a desktop screen and on a phone, without asking the API for the list again.
/// </summary>
[Category(TestCategories.Browser)]
public sealed class PlaceTests : BrowserTest
{
    private const int Photos = 83;

    [TestCase(1440, 900, TestName = "Back_FromAPhotoDeepInTheGallery_SameScrollAndPhotos(desktop)")]
    [TestCase(390, 844, TestName = "Back_FromAPhotoDeepInTheGallery_SameScrollAndPhotos(phone)")]
    public async Task Back_FromAPhotoDeepInTheGallery_SameScrollAndPhotos(int width, int height)
    {
        await SeedAsync();
        await Page.SetViewportSizeAsync(width, height);
        await LogInAsync("gordon", "Parks-1948");
        var tiles = await LoadPagesAsync(3);

        // The browser's Back.
        var place = await OpenTileAsync(tiles, 59);
        var lists = RecordListRequests();
        await Page.GoBackAsync();
        await ExpectSamePlaceAsync(tiles, place, "#/");
        Assert.That(lists, Is.Empty, "the photos come back as they were, not from the API");

        // The page's own link, from another photo further up.
        place = await OpenTileAsync(tiles, 40);
        await Page.GetByRole(AriaRole.Link, new() { Name = "← Back to the gallery" }).ClickAsync();
        await ExpectSamePlaceAsync(tiles, place, "#/");
        Assert.That(lists, Is.Empty, "the photos come back as they were, not from the API");
        await ScreenshotAsync("back-in-place");
    }

    [TestCase(1440, 900, TestName = "Back_FromAPhotoInSearchResults_SameScrollAndResults(desktop)")]
    [TestCase(390, 844, TestName = "Back_FromAPhotoInSearchResults_SameScrollAndResults(phone)")]
    public async Task Back_FromAPhotoInSearchResults_SameScrollAndResults(int width, int height)
    {
        await SeedAsync();
        await Page.SetViewportSizeAsync(width, height);
        await LogInAsync("gordon", "Parks-1948");
        await Page.GetByLabel("Search photos").FillAsync("harl str");
        await Expect(Page.Locator("#result-status")).ToHaveTextAsync("24 photos match “harl str”, scroll for more.");
        var tiles = await LoadPagesAsync(2);

        var place = await OpenTileAsync(tiles, 37);
        var lists = RecordListRequests();
        await Page.GoBackAsync();
        await ExpectSamePlaceAsync(tiles, place, "#/search?q=harl%20str");
        await Expect(Page.GetByLabel("Search photos")).ToHaveValueAsync("harl str");
        await Expect(tiles.Nth(place.Index).Locator("mark").First).ToHaveTextAsync("Harl");

        place = await OpenTileAsync(tiles, 30);
        await Page.GetByRole(AriaRole.Link, new() { Name = "← Back to the search results" }).ClickAsync();
        await ExpectSamePlaceAsync(tiles, place, "#/search?q=harl%20str");
        Assert.That(lists, Is.Empty, "the results come back as they were, not from the API");
    }

    [Test]
    public async Task Hover_OverATile_TheTileStaysWhereItIs()
    {
        // A tile that slid under the pointer would not be where the user pressed it: the click can then
        // scroll the page to it, and the place kept for Back is no longer the place the user saw.
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("gordon", "Parks-1948", "Gordon");
        await ShapedPhotos.AddAsync(Page, Images, "gordon", 6, i => $"Harlem street {i:00}");
        await LogInAsync("gordon", "Parks-1948");
        var link = Page.Locator("#photo-grid li.tile a").Nth(2);
        await Expect(link).ToBeVisibleAsync();
        await Page.Mouse.MoveAsync(0, 0);
        var before = (await link.BoundingBoxAsync())!;

        await link.HoverAsync();
        await Page.WaitForTimeoutAsync(400);

        var after = (await link.BoundingBoxAsync())!;
        Assert.That((after.X, after.Y, after.Width, after.Height), Is.EqualTo((before.X, before.Y, before.Width, before.Height)), "the hovered tile has not moved");
    }

    private async Task SeedAsync()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("gordon", "Parks-1948", "Gordon");
        await ShapedPhotos.AddAsync(Page, Images, "gordon", Photos, i => $"Harlem street {i:00}");
    }

    /// <summary>Scrolls to the end until that many pages of 24 are in the grid.</summary>
    private async Task<ILocator> LoadPagesAsync(int pages)
    {
        var tiles = Page.Locator("#photo-grid li.tile");
        for (var page = 1; page <= pages; page++)
        {
            await Expect(tiles).ToHaveCountAsync(24 * page);
            if (page < pages) await Page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        }
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(tiles).ToHaveCountAsync(24 * pages);
        return tiles;
    }

    /// <summary>A tile, how many were loaded, and where the tile was on the screen (its top, from the top of the view).</summary>
    private sealed record Place(int Index, string PhotoId, int Tiles, double ScrollY, double Top);

    /// <summary>Brings a tile into the middle of the view, opens its photo, and says where the list was.</summary>
    private async Task<Place> OpenTileAsync(ILocator tiles, int index)
    {
        var tile = tiles.Nth(index);
        await tile.EvaluateAsync("t => t.scrollIntoView({ block: 'center' })");
        var place = new Place(index, (await tile.GetAttributeAsync("data-photo-id"))!, await tiles.CountAsync(),
            await Page.EvaluateAsync<double>("() => window.scrollY"), await TopAsync(tile));
        Assert.That(place.ScrollY, Is.GreaterThan(1000), "the tile is well down the page");
        var title = await tile.Locator(".tile__title").TextContentAsync();
        await tile.Locator("a").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator(".detail__figure img")).ToBeVisibleAsync();
        Assert.That(await Page.EvaluateAsync<double>("() => window.scrollY"), Is.EqualTo(0), "the photo page starts at the top");
        return place;
    }

    private async Task ExpectSamePlaceAsync(ILocator tiles, Place place, string hash)
    {
        await Expect(tiles).ToHaveCountAsync(place.Tiles);
        Assert.That(new Uri(Page.Url).Fragment, Is.EqualTo(hash));
        await Expect(tiles.Nth(place.Index)).ToHaveAttributeAsync("data-photo-id", place.PhotoId);
        // The same place on the screen. (The scroll offset itself may differ by the height of a notice that
        // was above the grid when the photo was opened, such as "Welcome", and is not shown again.)
        Assert.That(await TopAsync(tiles.Nth(place.Index)), Is.EqualTo(place.Top).Within(1), "the tile is where it was on the screen (to the pixel a scroll offset rounds to)");
        Assert.That(await Page.EvaluateAsync<double>("() => window.scrollY"), Is.EqualTo(place.ScrollY).Within(150), "about the same scroll position");
        await Expect(tiles.Nth(place.Index).Locator("a")).ToBeFocusedAsync();
        await Expect(tiles.Nth(place.Index)).ToBeInViewportAsync();
    }

    private static Task<double> TopAsync(ILocator tile) => tile.EvaluateAsync<double>("t => t.getBoundingClientRect().top");

    /// <summary>Every GET /photos?… and /search?… (a list page) the page makes from now on.</summary>
    private List<string> RecordListRequests()
    {
        var urls = new List<string>();
        Page.Request += (_, request) =>
        {
            var path = new Uri(request.Url).AbsolutePath;
            if (request.Method == "GET" && path is "/photos" or "/search") lock (urls) urls.Add(request.Url);
        };
        return urls;
    }
}
