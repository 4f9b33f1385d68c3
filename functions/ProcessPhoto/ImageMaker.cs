using System.Runtime.InteropServices;
using PhotoGallery.Core.Photos;
using SkiaSharp;

namespace PhotoGallery.Functions.ProcessPhoto;

/// <summary>The sizes processphoto makes.</summary>
/// <param name="ThumbnailWidth">The narrowest tile the grid shows, in device pixels at 2×: the thumbnail is at least this wide.</param>
/// <param name="ThumbnailHeight">The grid's row height at 2× density: the thumbnail is at least this tall.</param>
/// <param name="DisplayLongSide">The photo page's image: its longer side.</param>
/// <param name="MaxPixels">Originals with more pixels are refused before any pixel is decoded (decompression bombs).</param>
public sealed record ImageSizes(int ThumbnailWidth, int ThumbnailHeight, int DisplayLongSide, long MaxPixels)
{
    /// <summary>
    /// The grid (frontend/styles.css) lays photos in justified rows: every tile of a row has the row's height
    /// and its photo's shape; rows start 200 CSS pixels tall and grow until they fill the page's width, to about
    /// 240 px on a desktop page or a phone. A thumbnail 480 device pixels tall covers that at 2× density, in the
    /// photo's own shape, so a portrait's thumbnail is as tall as a landscape's, not twice as tall. Tiles are cut
    /// to no narrower than 0.4 of their height (192 px at 2×), so a very tall photo's thumbnail still covers its tile.
    /// The photo page shows the display image at most about 710×700 CSS pixels on a 1440×900 desktop
    /// (frontend/styles.css: the column, 78 % of the view's height); 1600 px on the long side covers that at 2×
    /// and leaves room to zoom. docs/performance.md ("Gallery page weight") measures what these sizes cost a page.
    /// </summary>
    public static ImageSizes Default { get; } = new(192, 480, 1600, 100_000_000);
}

/// <summary>The variants made from one original: JPEG bytes, and the upright width and height of the original.</summary>
public sealed record MadeImages(byte[] Thumbnail, byte[] Display, int Width, int Height);

/// <summary>An original that cannot be made into images, with the reason in words for its owner.</summary>
public sealed class ImageProblemException(string message) : Exception(message);

/// <summary>
/// Decodes an original (JPEG, PNG, GIF's first frame, WebP) with SkiaSharp and makes its variants: upright
/// (EXIF orientation applied), sRGB, transparency flattened onto white, never upscaled, and saved as plain
/// JPEG with no metadata at all (no EXIF, GPS, XMP, ICC profile or comment). docs/performance.md has the
/// measurements behind the library and the sizes.
/// </summary>
public static class ImageMaker
{
    /// <summary>JPEG quality of both variants, in the 80–85 range photo sites serve web images at.</summary>
    public const int JpegQuality = 82;

    private static readonly SKColorSpace Srgb = SKColorSpace.CreateSrgb();

    public static MadeImages Make(byte[] original, ImageSizes sizes)
    {
        if (original.Length == 0) throw new ImageProblemException("The file is empty; upload it again.");
        var format = ImageTypes.Inspect(original) is { } info ? FormatName(info.ContentType) : "image";
        // Skia reads the bytes where they are: pinned, not copied (an original may be 50 MiB).
        var pinned = GCHandle.Alloc(original, GCHandleType.Pinned);
        try
        {
            using var data = SKData.Create(pinned.AddrOfPinnedObject(), original.Length);
            using var codec = SKCodec.Create(new SKMemoryStream(data), out var opened)
                ?? throw new ImageProblemException(opened == SKCodecResult.IncompleteInput
                    ? $"The file is not a complete {format} image; upload it again."
                    : $"The file is not a readable {format} image; save it again from your photo editor and upload that.");

            // Only the header has been read so far: refuse a decompression bomb before allocating its pixels.
            var stored = codec.Info.Size;
            if (stored.Width < 1 || stored.Height < 1)
                throw new ImageProblemException($"The {format} image declares no pixels ({stored.Width}×{stored.Height}); upload it again.");
            if ((long)stored.Width * stored.Height > sizes.MaxPixels)
                throw new ImageProblemException(
                    $"The image is {stored.Width}×{stored.Height} pixels ({Megapixels((long)stored.Width * stored.Height)} megapixels); " +
                    $"photos may have at most {Megapixels(sizes.MaxPixels)} megapixels.");

            var origin = codec.EncodedOrigin;
            var upright = IsTransposed(origin) ? new SKSizeI(stored.Height, stored.Width) : stored;
            var displayScale = Math.Min(1.0, sizes.DisplayLongSide / (double)Math.Max(upright.Width, upright.Height));
            var coverScale = Math.Max(sizes.ThumbnailWidth / (double)upright.Width, sizes.ThumbnailHeight / (double)upright.Height);
            var display = Scaled(upright, displayScale);
            var thumbnail = Scaled(upright, Math.Min(displayScale, coverScale));

            using var decoded = Decode(codec, IsTransposed(origin) ? new SKSizeI(display.Height, display.Width) : display, format);
            using var displayImage = Resize(decoded, origin, display);
            using var thumbnailImage = Resize(displayImage, SKEncodedOrigin.TopLeft, thumbnail);
            return new MadeImages(Encode(thumbnailImage), Encode(displayImage), upright.Width, upright.Height);
        }
        finally
        {
            pinned.Free();
        }
    }

    /// <summary>
    /// Decodes at the smallest size the codec offers that is still at least <paramref name="atLeast"/> (stored
    /// orientation): JPEG decodes straight to eighths of its size and WebP to any size, so a 24 MP photo never
    /// has its full-size pixels in memory; PNG and GIF decode at full size.
    /// </summary>
    private static SKImage Decode(SKCodec codec, SKSizeI atLeast, string format)
    {
        var size = Enumerable.Range(1, 8)
            .Select(eighths => codec.GetScaledDimensions(eighths / 8f))
            .FirstOrDefault(s => s.Width >= atLeast.Width && s.Height >= atLeast.Height, codec.Info.Size);
        // Decoded straight into sRGB: an embedded ICC profile (Display P3, CMYK, grey) is converted here.
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, Srgb);
        var bitmap = new SKBitmap();
        try
        {
            if (!bitmap.TryAllocPixels(info))
                throw new ImageProblemException($"The {format} image is too large to decode here; upload a smaller version.");
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result != SKCodecResult.Success)
                throw new ImageProblemException(result == SKCodecResult.IncompleteInput
                    ? $"The file is not a complete {format} image; upload it again."
                    : $"The {format} image is damaged and cannot be read; save it again from your photo editor and upload that.");
            bitmap.SetImmutable();
            return SKImage.FromBitmap(bitmap) ?? throw new InvalidOperationException("Skia could not wrap decoded pixels.");
        }
        finally
        {
            bitmap.Dispose();
        }
    }

    /// <summary>
    /// Draws <paramref name="source"/> upright onto white at <paramref name="target"/>: halving while the image
    /// is at least twice the target (bilinear sampling at exactly half size averages each 2×2 block), then one
    /// bilinear step of less than 2×, so every source pixel counts and fine detail does not alias. (Skia's
    /// Mitchell cubic for the last step took more than twice the CPU time of bilinear on a 24 MP photo.)
    /// </summary>
    private static SKImage Resize(SKImage source, SKEncodedOrigin origin, SKSizeI target)
    {
        var current = source;
        while (true)
        {
            var upright = IsTransposed(origin) ? new SKSizeI(current.Height, current.Width) : new SKSizeI(current.Width, current.Height);
            var halve = upright.Width >= 2 * target.Width && upright.Height >= 2 * target.Height;
            var next = Draw(current, origin, halve ? new SKSizeI(upright.Width / 2, upright.Height / 2) : target);
            if (current != source) current.Dispose();
            if (!halve) return next;
            current = next;
            origin = SKEncodedOrigin.TopLeft;
        }
    }

    private static SKImage Draw(SKImage source, SKEncodedOrigin origin, SKSizeI size)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, Srgb))
            ?? throw new ImageProblemException($"A {size.Width}×{size.Height} image could not be made; upload a smaller version.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White); // transparency is flattened onto white: JPEG has no alpha
        var upright = Orientation(origin, source.Width, source.Height);
        var uprightWidth = IsTransposed(origin) ? source.Height : source.Width;
        var uprightHeight = IsTransposed(origin) ? source.Width : source.Height;
        canvas.SetMatrix(SKMatrix.Concat(SKMatrix.CreateScale(size.Width / (float)uprightWidth, size.Height / (float)uprightHeight), upright));
        canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKFilterMode.Linear));
        return surface.Snapshot();
    }

    /// <summary>
    /// The matrix that maps a stored <paramref name="width"/>×<paramref name="height"/> image to upright, for each
    /// EXIF orientation (TIFF tag 274): 1 as stored, 2 mirrored, 3 turned 180°, 4 flipped, 5 transposed,
    /// 6 turned 90° clockwise, 7 transversed, 8 turned 90° counter-clockwise.
    /// </summary>
    private static SKMatrix Orientation(SKEncodedOrigin origin, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, height, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, height, -1, 0, width, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, width, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static bool IsTransposed(SKEncodedOrigin origin) => origin >= SKEncodedOrigin.LeftTop;

    private static SKSizeI Scaled(SKSizeI size, double scale) =>
        new(Math.Max(1, (int)Math.Round(size.Width * scale)), Math.Max(1, (int)Math.Round(size.Height * scale)));

    /// <summary>Baseline JPEG, 4:2:0, nothing but the pixels: Skia writes no EXIF, XMP or comment, and no ICC profile for untagged pixels.</summary>
    private static byte[] Encode(SKImage image)
    {
        using var pixels = image.PeekPixels() ?? throw new InvalidOperationException("A drawn image has no raster pixels.");
        using var untagged = new SKPixmap(new SKImageInfo(pixels.Width, pixels.Height, pixels.ColorType, pixels.AlphaType), pixels.GetPixels(), pixels.RowBytes);
        using var jpeg = untagged.Encode(new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidOperationException("Skia could not encode a JPEG.");
        return jpeg.ToArray();
    }

    private static string FormatName(string contentType) => contentType switch
    {
        ImageTypes.Jpeg => "JPEG",
        ImageTypes.Png => "PNG",
        ImageTypes.Gif => "GIF",
        ImageTypes.Webp => "WebP",
        _ => "image",
    };

    private static string Megapixels(long pixels) => (pixels / 1_000_000.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
