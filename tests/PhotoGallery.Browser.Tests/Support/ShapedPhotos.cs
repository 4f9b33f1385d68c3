using Microsoft.Playwright;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// Galleries of ready photos in every shape a camera or phone makes: landscape, panorama, portrait, square.
/// The images are drawn once per shape in the browser and stored as each photo's variants, the way
/// processphoto would (<see cref="PhotoImages.MakeReadyAsync"/>), so a test of the grid needs no processing.
/// </summary>
public static class ShapedPhotos
{
    /// <summary>The originals' sizes, cycled through: 4:3, 3:1 panorama, 2:3 portrait, square, 3:4, 16:9.</summary>
    public static readonly IReadOnlyList<(int Width, int Height)> Shapes =
        [(4000, 3000), (6000, 2000), (2000, 3000), (3000, 3000), (3000, 4000), (4000, 2250)];

    /// <summary>
    /// Adds <paramref name="count"/> ready photos owned by <paramref name="owner"/>, oldest first, titled by
    /// <paramref name="title"/>(1 … count), shaped by <see cref="Shapes"/> in turn; returns their ids in that order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AddAsync(IPage page, PhotoImages images, string owner, int count, Func<int, string> title)
    {
        var drawn = new Dictionary<(int, int), (byte[] Thumbnail, byte[] Display)>();
        foreach (var (width, height) in Shapes)
        {
            var scale = 640.0 / Math.Max(width, height);
            var thumbnail = await CanvasPhotos.JpegAsync(page, (int)(width * scale), (int)(height * scale), seed: width + height, quality: 0.7);
            var displayScale = 1600.0 / Math.Max(width, height);
            var display = await CanvasPhotos.JpegAsync(page, (int)(width * displayScale), (int)(height * displayScale), seed: width + height, quality: 0.7);
            drawn[(width, height)] = (thumbnail, display);
        }

        var ids = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var (width, height) = Shapes[(i - 1) % Shapes.Count];
            var id = await images.AddProcessingAsync(owner, title(i), width, height);
            var (thumbnail, display) = drawn[(width, height)];
            await images.MakeReadyAsync(id, thumbnail, display, width, height);
            ids.Add(id);
        }
        return ids;
    }
}
