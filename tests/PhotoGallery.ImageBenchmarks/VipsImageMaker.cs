using NetVips;
using PhotoGallery.Functions.ProcessPhoto;

namespace PhotoGallery.ImageBenchmarks;

/// <summary>
/// processphoto's image making written with NetVips (libvips), the library it was measured against: the same
/// sizes, cap, orientation, sRGB, white background, JPEG quality and no metadata as <see cref="ImageMaker"/>.
/// Not used by the function (see docs/performance.md for why); kept so the comparison can be run again.
/// </summary>
public static class VipsImageMaker
{
    public static MadeImages Make(byte[] original, ImageSizes sizes)
    {
        // Opening reads the header only: the cap is checked before any pixel is decoded.
        int width, height;
        using (var header = Image.NewFromBuffer(original, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error))
        {
            if ((long)header.Width * header.Height > sizes.MaxPixels)
                throw new ImageProblemException($"The image is {header.Width}×{header.Height} pixels; photos may have at most {sizes.MaxPixels} pixels.");
            var transposed = header.Contains("orientation") && (int)header.Get("orientation") >= 5;
            (width, height) = transposed ? (header.Height, header.Width) : (header.Width, header.Height);
        }
        var displayScale = Math.Min(1.0, sizes.DisplayLongSide / (double)Math.Max(width, height));
        var thumbnailScale = Math.Min(displayScale, Math.Max(sizes.ThumbnailWidth / (double)width, sizes.ThumbnailHeight / (double)height));

        // thumbnail: shrink-on-load (JPEG in eighths, WebP at any size), EXIF orientation, ICC profile to sRGB.
        var displayWidth = Math.Max(1, (int)Math.Round(width * displayScale));
        var displayHeight = Math.Max(1, (int)Math.Round(height * displayScale));
        using var loaded = Image.ThumbnailBuffer(original, displayWidth, height: displayHeight, size: Enums.Size.Down,
            outputProfile: "srgb", failOn: Enums.FailOn.Error);
        using var flat = loaded.HasAlpha() ? loaded.Flatten(background: [255, 255, 255]) : loaded.Copy();
        using var srgb = flat.Interpretation == Enums.Interpretation.Srgb ? flat.Copy() : flat.Colourspace(Enums.Interpretation.Srgb);
        using var display = srgb.CopyMemory();
        using var thumbnail = display.Resize(thumbnailScale / displayScale, kernel: Enums.Kernel.Lanczos3);
        return new MadeImages(Save(thumbnail), Save(display), width, height);
    }

    private static byte[] Save(Image image) =>
        image.JpegsaveBuffer(q: ImageMaker.JpegQuality, keep: Enums.ForeignKeep.None, subsampleMode: Enums.ForeignSubsample.On);
}
