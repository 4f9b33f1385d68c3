using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>
/// What showing the first gallery page costs: every byte the browser transfers, from opening the site
/// with an empty cache to all 24 thumbnails decoded, against the bytes of the 24 originals. The grid
/// must load the server's thumbnails (never a display image, never an original), so the goal is at most 15%.
/// </summary>
[Category(TestCategories.Browser)]
public sealed class PageWeightTests : BrowserTest
{
    private const int PageSize = 24;
    private const double Goal = 0.15;

    [Test]
    public async Task FirstGalleryPage_LoadsThumbnailsOnly_AtMost15PercentOfOriginals()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("ansel", "Yosemite-1927", "Ansel Adams");

        // 24 camera-sized JPEGs, uploaded through the upload view; the server makes their thumbnails.
        var originals = new List<FilePayload>();
        for (var seed = 1; seed <= PageSize; seed++)
        {
            originals.Add(new FilePayload
            {
                Name = $"valley-{seed:00}.jpg",
                MimeType = "image/jpeg",
                Buffer = await CanvasPhotos.JpegAsync(Page, 2400, 1600, seed),
            });
        }
        await LogInAsync("ansel", "Yosemite-1927");
        await Page.GotoAsync("/#/upload");
        await Page.GetByLabel("Choose photos").SetInputFilesAsync(originals);
        await Page.WaitForFunctionAsync("() => [...document.querySelectorAll('.upload-item__preview')].every(i => i.complete && i.naturalWidth > 0)");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Upload {PageSize} photos" }).ClickAsync();
        await Expect(Page.GetByText($"All {PageSize} photos are in the gallery.")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await Images.SettleAllAsync();

        // A new browser context: empty cache, nothing stored. Tall enough that the whole first page is in view.
        await using var fresh = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 2200 },
        });
        var page = await fresh.NewPageAsync();
        var finished = new List<IRequest>();
        page.RequestFinished += (_, request) => finished.Add(request);
        await LogInAsync("ansel", "Yosemite-1927", page);
        await page.WaitForFunctionAsync(
            "count => { const images = [...document.querySelectorAll('#photo-grid img')]; return images.length === count && images.every(i => i.complete && i.naturalWidth > 0); }",
            PageSize);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenshotAsync("first-page", page);

        var weight = await MeasureAsync(finished);
        var originalBytes = originals.Sum(o => (long)o.Buffer.Length);
        var report = Report(weight, originalBytes);
        await TestContext.Out.WriteLineAsync(report);
        await TestContext.Progress.WriteLineAsync(report);
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "page-weight.md");
        await File.WriteAllTextAsync(path, report);
        TestContext.AddTestAttachment(path, "Gallery page weight");

        Assert.That(weight.Originals, Is.Zero, "the grid must never download an original");
        Assert.That(weight.Displays, Is.Zero, "the grid loads thumbnails, not display images");
        Assert.That(weight.Thumbnails, Is.EqualTo(PageSize), "one thumbnail per photo of the first page");
        Assert.That(weight.Total / (double)originalBytes, Is.LessThanOrEqualTo(Goal), report);
    }

    private sealed record Weight(long Shell, long Api, long ImageBytes, int Thumbnails, int Displays, int Originals, int Requests)
    {
        public long Total => Shell + Api + ImageBytes;
    }

    /// <summary>Adds up what went over the wire: response headers and encoded bodies, plus what was sent.</summary>
    private static async Task<Weight> MeasureAsync(IReadOnlyList<IRequest> requests)
    {
        long shell = 0, apiBytes = 0, imageBytes = 0;
        int thumbnails = 0, displays = 0, originals = 0;
        foreach (var request in requests)
        {
            var sizes = await request.SizesAsync();
            long bytes = sizes.RequestHeadersSize + sizes.RequestBodySize + sizes.ResponseHeadersSize + sizes.ResponseBodySize;
            var path = new Uri(request.Url).AbsolutePath;
            if (path.StartsWith("/_local/storage/", StringComparison.Ordinal))
            {
                if (path.EndsWith("/thumbnail.jpg", StringComparison.Ordinal)) thumbnails++;
                else if (path.EndsWith("/display.jpg", StringComparison.Ordinal)) displays++;
                else originals++;
                imageBytes += bytes;
            }
            else if (request.ResourceType is "fetch" or "xhr") apiBytes += bytes;
            else shell += bytes;
        }
        return new Weight(shell, apiBytes, imageBytes, thumbnails, displays, originals, requests.Count);
    }

    private static string Report(Weight weight, long originalBytes)
    {
        string Kb(long bytes) => (bytes / 1024.0).ToString("#,0.0", CultureInfo.InvariantCulture) + " KiB";
        string Share(long bytes) => (100.0 * bytes / originalBytes).ToString("0.0", CultureInfo.InvariantCulture) + " %";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Gallery page weight: first page of {PageSize} photos, empty cache, log-in included");
        text.AppendLine(CultureInfo.InvariantCulture, $"| what | bytes | of originals |");
        text.AppendLine("|---|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| app shell (HTML, CSS, JS modules) | {Kb(weight.Shell)} | {Share(weight.Shell)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| API calls (log in, local info, GET /photos) | {Kb(weight.Api)} | {Share(weight.Api)} |");
        var others = weight.Displays + weight.Originals;
        var images = others == 0 ? $"{weight.Thumbnails} thumbnails (server-made)" : $"{weight.Thumbnails} thumbnails and {others} other images";
        text.AppendLine(CultureInfo.InvariantCulture, $"| {images} | {Kb(weight.ImageBytes)} | {Share(weight.ImageBytes)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| **total transferred** ({weight.Requests} requests) | **{Kb(weight.Total)}** | **{Share(weight.Total)}** |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| the {PageSize} originals | {Kb(originalBytes)} | 100 % |");
        return text.ToString();
    }
}
