namespace PhotoGallery.Functions.ProcessPhoto;

/// <summary>The sizes processphoto makes.</summary>
/// <param name="ThumbnailLongSide">The grid's tiles at 2× density.</param>
/// <param name="DisplayLongSide">The photo page's image.</param>
/// <param name="MaxPixels">Decoding stops before allocating more pixels than this (decompression bombs).</param>
public sealed record ImageSizes(int ThumbnailLongSide, int DisplayLongSide, long MaxPixels)
{
    public static ImageSizes Default { get; } = new(800, 2048, 100_000_000);
}

/// <summary>The variants made from one original: JPEG bytes, and the upright width and height of the original.</summary>
public sealed record MadeImages(byte[] Thumbnail, byte[] Display, int Width, int Height);

/// <summary>An original that cannot be made into images, with the reason in words for its owner.</summary>
public sealed class ImageProblemException(string message) : Exception(message);

/// <summary>Decodes an original and makes its variants (part of issue 12: the image library goes here).</summary>
public static class ImageMaker
{
    public static MadeImages Make(byte[] original, ImageSizes sizes) =>
        throw new ImageProblemException($"Images are not made yet ({original.Length} bytes, up to {sizes.MaxPixels} pixels).");
}
