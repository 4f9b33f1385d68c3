using System.Text.Json;
using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>
/// Photos shown as photos: justified rows in which every photo keeps its shape (panoramas and portraits
/// too), whole titles (the match of a search in view), and no layout shift while the page loads, measured
/// with the browser's Layout Instability API, on a desktop screen and on a phone.
/// </summary>
[Category(TestCategories.Browser)]
public sealed class GridLayoutTests : BrowserTest
{
    private const string LongTitle = "The long walk home along the river at dusk, past the old paper mill and the iron bridge";

    [TestCase(1440, 900, TestName = "Grid_EveryShape_KeepsItsShapeInJustifiedRowsWithWholeTitles(desktop)")]
    [TestCase(390, 844, TestName = "Grid_EveryShape_KeepsItsShapeInJustifiedRowsWithWholeTitles(phone)")]
    public async Task Grid_EveryShape_KeepsItsShapeInJustifiedRowsWithWholeTitles(int width, int height)
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("lee", "Miller-1945", "Lee");
        await ShapedPhotos.AddAsync(Page, Images, "lee", 24, i => i % 2 == 0 ? $"{LongTitle} {i}" : $"Mill {i}");
        await Page.SetViewportSizeAsync(width, height);
        await LogInAsync("lee", "Miller-1945");
        await Expect(Page.Locator("#photo-grid li.tile")).ToHaveCountAsync(24);

        var tiles = await MeasureTilesAsync();
        foreach (var tile in tiles)
        {
            var number = int.Parse(tile.Title.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
            var (shapeWidth, shapeHeight) = ShapedPhotos.Shapes[(number - 1) % ShapedPhotos.Shapes.Count];
            Assert.That(tile.FrameWidth / tile.FrameHeight, Is.EqualTo((double)shapeWidth / shapeHeight).Within(2).Percent,
                $"“{tile.Title}” keeps its {shapeWidth}×{shapeHeight} shape");
            Assert.That(tile.TitleCut, Is.False, $"“{tile.Title}” is shown whole");
        }

        // Justified: the photos of a row share one height, and every row but the last fills the width.
        var rows = tiles.GroupBy(t => Math.Round(t.Top)).Select(r => r.ToList()).ToList();
        Assert.That(rows, Has.Count.GreaterThan(2));
        var gridRight = await Page.Locator("#photo-grid").EvaluateAsync<double>("g => g.getBoundingClientRect().right");
        foreach (var row in rows)
            Assert.That(row.Max(t => t.FrameHeight) - row.Min(t => t.FrameHeight), Is.LessThan(1.5), "one height per row");
        foreach (var row in rows.SkipLast(1))
            Assert.That(row.Max(t => t.Right), Is.EqualTo(gridRight).Within(1.5), "the row fills the width");
        Assert.That(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), Is.True, "no sideways scrolling");
        await ScreenshotAsync("grid");

        // Search results: the marked match is in view in every title, however long.
        await Page.GetByLabel("Search photos").FillAsync("mill");
        await Expect(Page.Locator("#result-status")).ToHaveTextAsync("24 photos match “mill”.");
        tiles = await MeasureTilesAsync();
        Assert.That(tiles, Has.Count.EqualTo(24));
        foreach (var tile in tiles)
        {
            Assert.That(tile.TitleCut, Is.False, $"“{tile.Title}” is shown whole");
            Assert.That(tile.MarkVisible, Is.True, $"the match in “{tile.Title}” is in view");
        }
        await ScreenshotAsync("search");
    }

    [TestCase(1440, 900, TestName = "Gallery_FirstLoad_LayoutShiftUnder005(desktop)")]
    [TestCase(390, 844, TestName = "Gallery_FirstLoad_LayoutShiftUnder005(phone)")]
    public async Task Gallery_FirstLoad_LayoutShiftUnder005(int width, int height)
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("lee", "Miller-1945", "Lee");
        var ids = await ShapedPhotos.AddAsync(Page, Images, "lee", 30, i => i % 3 == 0 ? $"{LongTitle} {i}" : $"Portrait {i}");
        await Page.SetViewportSizeAsync(width, height);
        await LogInAsync("lee", "Miller-1945");

        // A fresh load of the gallery (the session is kept in the tab), observed from its first moment.
        await Page.AddInitScriptAsync(LayoutShiftRecorder);
        await Page.ReloadAsync();
        await Expect(Page.Locator("#photo-grid li.tile")).ToHaveCountAsync(24);
        await WaitForImagesInViewAsync();
        var gallery = await LayoutShiftAsync();
        Assert.That(gallery.Total, Is.LessThan(0.05), $"layout shift of the gallery: {gallery}");

        // The photo page, opened directly: its image's box is reserved from the photo's width and height.
        await Page.GotoAsync($"/#/photo/{ids[^2]}");
        await Page.ReloadAsync();
        await Expect(Page.Locator(".detail__figure img")).ToBeVisibleAsync();
        await Page.WaitForFunctionAsync("() => { const i = document.querySelector('.detail__figure img'); return i.complete && i.naturalWidth > 0; }");
        await Page.WaitForTimeoutAsync(500);
        var photo = await LayoutShiftAsync();
        Assert.That(photo.Total, Is.LessThan(0.05), $"layout shift of the photo page: {photo}");
    }

    /// <summary>Sums every layout shift not caused by input, from the start of each page load (the Layout Instability API).</summary>
    private const string LayoutShiftRecorder = """
        window.__layoutShifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            const sources = (entry.sources ?? []).map((s) => s.node ? (s.node.id || s.node.className || s.node.nodeName) : "?");
            window.__layoutShifts.push({ value: entry.value, sources: sources.join(", ") });
          }
        }).observe({ type: "layout-shift", buffered: true });
        """;

    private sealed record Shift(double Total, string Details)
    {
        public override string ToString() => $"{Total:0.0000} ({Details})";
    }

    private async Task<Shift> LayoutShiftAsync()
    {
        var shifts = await Page.EvaluateAsync<JsonElement>("() => window.__layoutShifts");
        var list = shifts.EnumerateArray().Select(s => (Value: s.GetProperty("value").GetDouble(), Sources: s.GetProperty("sources").GetString())).ToList();
        return new Shift(list.Sum(s => s.Value), string.Join("; ", list.Select(s => $"{s.Value:0.0000} {s.Sources}")));
    }

    private async Task WaitForImagesInViewAsync()
    {
        await Page.WaitForFunctionAsync("""
            () => [...document.querySelectorAll('#photo-grid img')]
              .filter((i) => { const r = i.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; })
              .every((i) => i.complete && i.naturalWidth > 0)
            """);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Page.WaitForTimeoutAsync(500);
    }

    private sealed record TileBox(string Title, double Top, double Right, double FrameWidth, double FrameHeight, bool TitleCut, bool MarkVisible);

    /// <summary>
    /// Each tile's place and image box; whether its title is cut (clipped by its own box or the tile's, or
    /// ended with an ellipsis), and whether the title's first marked match lies inside the tile.
    /// </summary>
    private async Task<List<TileBox>> MeasureTilesAsync()
    {
        // No tile in its hover state (it lifts by 2 pixels).
        await Page.Mouse.MoveAsync(0, 0);
        var measured = await Page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('#photo-grid li.tile')].map((tile) => {
              const place = tile.getBoundingClientRect();
              const link = tile.querySelector('a').getBoundingClientRect();
              const frame = tile.querySelector('.tile__frame').getBoundingClientRect();
              const title = tile.querySelector('.tile__title');
              const box = title.getBoundingClientRect();
              const style = getComputedStyle(title);
              const inside = (r) => r.top >= link.top - 0.5 && r.bottom <= link.bottom + 0.5 && r.left >= link.left - 0.5 && r.right <= link.right + 0.5;
              const cut = title.scrollWidth > title.clientWidth + 1 || title.scrollHeight > title.clientHeight + 1
                || style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none' || !inside(box);
              const mark = title.querySelector('mark');
              return { title: title.textContent, top: place.top, right: place.right, frameWidth: frame.width, frameHeight: frame.height,
                       titleCut: cut, markVisible: mark ? [...mark.getClientRects()].every(inside) : false };
            })
            """);
        return measured.EnumerateArray().Select(t => new TileBox(
            t.GetProperty("title").GetString()!, t.GetProperty("top").GetDouble(), t.GetProperty("right").GetDouble(),
            t.GetProperty("frameWidth").GetDouble(), t.GetProperty("frameHeight").GetDouble(),
            t.GetProperty("titleCut").GetBoolean(), t.GetProperty("markVisible").GetBoolean())).ToList();
    }
}
