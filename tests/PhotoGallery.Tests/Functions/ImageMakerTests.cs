using System.Text;
using NUnit.Framework;
using PhotoGallery.Functions.ProcessPhoto;
using SkiaSharp;

namespace PhotoGallery.Tests.Functions;

/// <summary>processphoto's image making on real images the tests make (<see cref="TestPhotos"/>).</summary>
public sealed class ImageMakerTests
{
    private static readonly ImageSizes Sizes = ImageSizes.Default;

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    [TestCase(7)]
    [TestCase(8)]
    public void Make_ExifOrientation_BothVariantsUpright(int orientation)
    {
        var made = ImageMaker.Make(TestPhotos.OrientedJpeg(orientation, width: 96, height: 64), Sizes);

        Assert.That((made.Width, made.Height), Is.EqualTo((96, 64)), "the upright size");
        foreach (var (name, variant) in Variants(made))
        {
            using var image = Decode(variant);
            Assert.That((image.Width, image.Height), Is.EqualTo((96, 64)), $"{name}: upright, not upscaled");
            AssertColour(image, 6, 6, TestPhotos.Red, $"{name}, top left");
            AssertColour(image, 89, 6, TestPhotos.Blue, $"{name}, top right");
            AssertColour(image, 6, 57, TestPhotos.Grey, $"{name}, bottom left");
            AssertColour(image, 89, 57, TestPhotos.Grey, $"{name}, bottom right");
        }
    }

    [Test]
    public void Make_CameraJpegWithExifGpsXmpAndComment_VariantsCarryNoMetadata()
    {
        var original = TestPhotos.CameraJpeg(1200, 800, orientation: 6);
        Assume.That(JpegSegments.Read(original).Count(s => s.IsExif || s.IsXmp || s.IsComment), Is.EqualTo(3), "the original carries them");

        var made = ImageMaker.Make(original, Sizes);

        foreach (var (name, variant) in Variants(made))
        {
            var metadata = JpegSegments.Read(variant).Where(s => s.IsMetadata).ToList();
            // A JFIF APP0 (version, pixel density) is all a plain JPEG needs; no EXIF, XMP, ICC or comment.
            Assert.That(metadata.Where(s => !(s.Marker == 0xE0 && s.Payload.AsSpan().StartsWith("JFIF\0"u8))), Is.Empty, $"{name}: {string.Join(", ", metadata)}");
            var text = Encoding.Latin1.GetString(variant);
            foreach (var secret in new[] { JpegSegments.CameraModel, JpegSegments.CameraSerial, JpegSegments.XmpLatitude, "Exif\0", "GalleryCam" })
                Assert.That(text, Does.Not.Contain(secret), $"{name} carries {secret.TrimEnd('\0')}");
        }
    }

    [Test]
    public void Make_AnyOriginal_VariantsAreBaselineThreeChannelJpegs()
    {
        var made = ImageMaker.Make(TestPhotos.CmykJpeg(64, 48, cyan: 255, magenta: 0, yellow: 0, black: 0), Sizes);

        foreach (var (name, variant) in Variants(made))
        {
            var frame = JpegSegments.Read(variant).Single(s => s.Marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC);
            Assert.That(frame.Marker, Is.EqualTo(0xC0), $"{name}: baseline DCT");
            Assert.That(frame.Payload[5], Is.EqualTo(3), $"{name}: three components (YCbCr from sRGB)");
        }
    }

    // stored size, orientation → upright size, display image (1600 px long side), thumbnail (480 px tall, at least 192 wide)
    [TestCase(3000, 2000, 1, 3000, 2000, 1600, 1067, 720, 480, TestName = "Make_LandscapeLargerThanDisplay_DisplayLongSide1600ThumbnailRowHigh")]
    [TestCase(3000, 2000, 6, 2000, 3000, 1067, 1600, 320, 480, TestName = "Make_PortraitByOrientation_DisplayLongSide1600ThumbnailRowHigh")]
    [TestCase(8000, 1000, 1, 8000, 1000, 1600, 200, 1600, 200, TestName = "Make_Panorama_ThumbnailNoLargerThanDisplay")]
    [TestCase(300, 200, 1, 300, 200, 300, 200, 300, 200, TestName = "Make_SmallerThanBoth_NeverUpscaled")]
    [TestCase(1000, 750, 8, 750, 1000, 750, 1000, 360, 480, TestName = "Make_BetweenTileAndDisplay_DisplayKeepsOriginalSize")]
    [TestCase(1000, 4000, 1, 1000, 4000, 400, 1600, 192, 768, TestName = "Make_VeryTall_ThumbnailCoversNarrowestTile")]
    public void Make_Size_VariantsSizedAndAspectKept(int storedWidth, int storedHeight, int orientation,
        int width, int height, int displayWidth, int displayHeight, int thumbnailWidth, int thumbnailHeight)
    {
        var made = ImageMaker.Make(TestPhotos.CameraJpeg(storedWidth, storedHeight, orientation), Sizes);

        Assert.That((made.Width, made.Height), Is.EqualTo((width, height)), "the upright size");
        using var display = Decode(made.Display);
        using var thumbnail = Decode(made.Thumbnail);
        Assert.That((display.Width, display.Height), Is.EqualTo((displayWidth, displayHeight)), "display image");
        Assert.That((thumbnail.Width, thumbnail.Height), Is.EqualTo((thumbnailWidth, thumbnailHeight)), "thumbnail");
        foreach (var image in new[] { display, thumbnail })
            Assert.That(image.Width / (double)image.Height, Is.EqualTo(width / (double)height).Within(1.0 / Math.Min(image.Width, image.Height)), "aspect ratio");
    }

    [Test]
    public void Make_CmykJpeg_ConvertedToRgb()
    {
        var made = ImageMaker.Make(TestPhotos.CmykJpeg(64, 48, cyan: 255, magenta: 0, yellow: 0, black: 0), Sizes);

        using var image = Decode(made.Display);
        AssertColour(image, 32, 24, new SKColor(0, 255, 255), "full cyan ink");
    }

    [Test]
    public void Make_SixteenBitPng_ScaledToEightBits()
    {
        var made = ImageMaker.Make(TestPhotos.Png16(64, 48, red: 0x8000, green: 0x4000, blue: 0xC000), Sizes);

        using var image = Decode(made.Display);
        AssertColour(image, 32, 24, new SKColor(128, 64, 192), "16-bit colour");
    }

    [Test]
    public void Make_PalettePngWithTransparentEntry_ColoursKeptTransparencyOnWhite()
    {
        var made = ImageMaker.Make(TestPhotos.PalettePng(64, 48), Sizes);

        using var image = Decode(made.Display);
        AssertColour(image, 8, 24, TestPhotos.Blue, "palette entry 1");
        AssertColour(image, 56, 24, SKColors.White, "transparent palette entry 0");
    }

    [Test]
    public void Make_TransparentPng_FlattenedOntoWhiteNotBlack()
    {
        var made = ImageMaker.Make(TestPhotos.HalfTransparentPng(64, 48), Sizes);

        foreach (var (name, variant) in Variants(made))
        {
            using var image = Decode(variant);
            AssertColour(image, 8, 24, TestPhotos.Red, $"{name}, opaque half");
            AssertColour(image, 56, 24, SKColors.White, $"{name}, transparent (black) half");
        }
    }

    [TestCase("PNG")]
    [TestCase("JPEG")]
    public void Make_Greyscale_GreyInRgb(string format)
    {
        var original = format == "PNG" ? TestPhotos.GreyPng(64, 48, shade: 90) : TestPhotos.GreyJpeg(64, 48, shade: 90);

        var made = ImageMaker.Make(original, Sizes);

        using var image = Decode(made.Display);
        AssertColour(image, 32, 24, new SKColor(90, 90, 90), "grey");
    }

    [Test]
    public void Make_AnimatedGif_FirstFrame()
    {
        var made = ImageMaker.Make(TestPhotos.AnimatedGif(40, 30, TestPhotos.Red, TestPhotos.Blue), Sizes);

        Assert.That((made.Width, made.Height), Is.EqualTo((40, 30)));
        using var image = Decode(made.Display);
        AssertColour(image, 20, 15, TestPhotos.Red, "the first frame");
    }

    [Test]
    public void Make_Webp_Decoded()
    {
        var made = ImageMaker.Make(TestPhotos.MarkedImage(SKEncodedImageFormat.Webp), Sizes);

        using var image = Decode(made.Display);
        Assert.That((image.Width, image.Height), Is.EqualTo((96, 64)));
        AssertColour(image, 6, 6, TestPhotos.Red, "top left");
        AssertColour(image, 89, 6, TestPhotos.Blue, "top right");
    }

    [Test]
    public void Make_DecompressionBomb_RefusedFromItsHeader()
    {
        var bomb = TestPhotos.BombPng(50_000, 50_000);
        Assume.That(bomb.Length, Is.LessThan(100_000), "a small file");

        var problem = Assert.Throws<ImageProblemException>(() => ImageMaker.Make(bomb, Sizes))!;

        // The cap's own reason: refused from the header, not after trying to allocate 10 GB of pixels.
        Assert.That(problem.Message, Is.EqualTo("The image is 50000×50000 pixels (2500 megapixels); photos may have at most 100 megapixels."));
    }

    [Test]
    public void Make_PixelsJustOverCap_Refused()
    {
        var problem = Assert.Throws<ImageProblemException>(() => ImageMaker.Make(TestPhotos.GreyPng(11, 10, 0), Sizes with { MaxPixels = 109 }))!;

        Assert.That(problem.Message, Does.Contain("11×10 pixels"));
    }

    [Test]
    public void Make_TruncatedJpeg_NotComplete()
    {
        var photo = TestPhotos.CameraJpeg(640, 480);

        var problem = Assert.Throws<ImageProblemException>(() => ImageMaker.Make(photo[..(photo.Length * 6 / 10)], Sizes))!;

        Assert.That(problem.Message, Is.EqualTo("The file is not a complete JPEG image; upload it again."));
    }

    [Test]
    public void Make_TruncatedPng_NotComplete()
    {
        var png = TestImages.Landscape(320, 240, seed: 3);

        var problem = Assert.Throws<ImageProblemException>(() => ImageMaker.Make(png[..(png.Length / 2)], Sizes))!;

        Assert.That(problem.Message, Is.EqualTo("The file is not a complete PNG image; upload it again."));
    }

    [Test]
    public void Make_JpegHeaderWithoutImageData_Refused()
    {
        var problem = Assert.Throws<ImageProblemException>(() => ImageMaker.Make(TestImages.Jpeg(640, 480), Sizes))!;

        Assert.That(problem.Message, Is.EqualTo("The file is not a readable JPEG image; save it again from your photo editor and upload that."));
    }

    [Test]
    public void Make_EmptyFile_Refused() =>
        Assert.That(() => ImageMaker.Make([], Sizes), Throws.TypeOf<ImageProblemException>().With.Message.EqualTo("The file is empty; upload it again."));

    [TestCase(new byte[] { 0xFF, 0xD8, 0xFF }, "JPEG")]
    [TestCase(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, "PNG")]
    [TestCase(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 10, 0, 10, 0 }, "GIF")]
    public void Make_SignatureThenNoise_RefusedNamingTheFormat(byte[] signature, string format)
    {
        var noise = new byte[4000];
        new Random(7).NextBytes(noise);

        var problem = Assert.Throws<ImageProblemException>(() => ImageMaker.Make([.. signature, .. noise], Sizes))!;

        Assert.That(problem.Message, Does.Contain(format));
    }

    private static IEnumerable<(string Name, byte[] Jpeg)> Variants(MadeImages made) => [("thumbnail", made.Thumbnail), ("display image", made.Display)];

    private static SKBitmap Decode(byte[] jpeg)
    {
        Assert.That(jpeg.AsSpan(0, 3).ToArray(), Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }), "a JPEG");
        return SKBitmap.Decode(jpeg) ?? throw new AssertionException("The variant does not decode.");
    }

    /// <summary>JPEG is lossy: a colour within 24 per channel is the colour.</summary>
    private static void AssertColour(SKBitmap image, int x, int y, SKColor expected, string what)
    {
        var actual = image.GetPixel(x, y);
        var close = Math.Abs(actual.Red - expected.Red) <= 24 && Math.Abs(actual.Green - expected.Green) <= 24 && Math.Abs(actual.Blue - expected.Blue) <= 24;
        Assert.That(close, Is.True, $"{what}: pixel ({x}, {y}) is {actual}, expected about {expected}");
    }
}
