using SkiaSharp;

namespace PhotoGallery.Testing;

/// <summary>
/// Photographs as a camera saves them, for measuring what a page costs against its originals: a landscape
/// (sky, sun, hills) textured with the statistics of natural images, saved as a quality-92 JPEG with the EXIF
/// a camera writes (GPS included; <see cref="JpegSegments.WithCameraMetadata"/>). Natural images have a power
/// spectrum close to 1/f² (Field, 1987): every octave of spatial frequency carries about the same contrast. So
/// the texture sums noise at every scale from one pixel to half the picture with equal weights, and what
/// survives shrinking to a thumbnail is as realistic as what makes the original's bytes.
/// </summary>
public static class CameraPhotos
{
    /// <summary>
    /// A <paramref name="width"/>×<paramref name="height"/> JPEG (as seen upright), different for every
    /// <paramref name="seed"/>. With <paramref name="orientation"/> 6 the pixels are stored turned, as a
    /// camera held upright stores them, and the EXIF says how to turn them back.
    /// </summary>
    public static byte[] Jpeg(int width, int height, int seed, int orientation = 1, int quality = 92) =>
        Shots(width, height, seed, count: 1, orientation, quality)[0];

    /// <summary>
    /// <paramref name="count"/> photos of one scene, as a photographer takes them standing in one place:
    /// each frames another part of the view (the camera turns a tenth of a frame between shots) and catches
    /// other light (exposure and white balance). The scene is drawn once, a little wider than a frame, so a
    /// shot costs one pass over its pixels and the JPEG encoding: much cheaper than a scene of its own.
    /// </summary>
    public static IReadOnlyList<byte[]> Shots(int width, int height, int seed, int count, int orientation = 1, int quality = 92)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (orientation is not (1 or 6)) throw new ArgumentOutOfRangeException(nameof(orientation), orientation, "Upright (1) or turned a quarter clockwise (6).");
        var pan = width / 10;
        using var scene = Draw(width + pan * (count - 1), height, seed);
        var random = new Random(seed);
        var shots = new List<byte[]>(count);
        for (var shot = 0; shot < count; shot++)
        {
            var (exposure, warmth) = shot == 0 ? (1.0, 0.0) : (0.85 + random.NextDouble() * 0.3, random.NextDouble() * 0.16 - 0.08);
            using var stored = Frame(scene, SKRectI.Create(shot * pan, 0, width, height), orientation, exposure, warmth);
            shots.Add(JpegSegments.WithCameraMetadata(TestPhotos.Encode(stored, SKEncodedImageFormat.Jpeg, quality), orientation));
        }
        return shots;
    }

    /// <summary>
    /// The part <paramref name="frame"/> of the scene as the camera stores it: upright for orientation 1; for 6
    /// ("the 0th row is the visual right-hand side") turned a quarter counter-clockwise. In the same pass, the
    /// shot's light: every channel scaled by the exposure, red and blue pulled apart by the warmth.
    /// </summary>
    private static SKBitmap Frame(SKImage scene, SKRectI frame, int orientation, double exposure, double warmth)
    {
        var (storedWidth, storedHeight) = orientation == 6 ? (frame.Height, frame.Width) : (frame.Width, frame.Height);
        var stored = new SKBitmap(new SKImageInfo(storedWidth, storedHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(stored);
        if (orientation == 6)
        {
            canvas.Translate(0, frame.Width);
            canvas.RotateDegrees(-90);
        }
        var (red, green, blue) = ((float)(exposure * (1 + warmth)), (float)exposure, (float)(exposure * (1 - warmth)));
        using var light = new SKPaint
        {
            ColorFilter = SKColorFilter.CreateColorMatrix([red, 0, 0, 0, 0, 0, green, 0, 0, 0, 0, 0, blue, 0, 0, 0, 0, 0, 1, 0]),
        };
        canvas.DrawImage(scene, SKRect.Create(frame.Left, frame.Top, frame.Width, frame.Height), SKRect.Create(0, 0, frame.Width, frame.Height),
            new SKSamplingOptions(SKFilterMode.Nearest), light);
        canvas.Flush();
        return stored;
    }

    private static SKImage Draw(int width, int height, int seed)
    {
        var random = new Random(seed);
        double Pick(double from, double to) => from + random.NextDouble() * (to - from);
        SKColor Hsl(double hue, double saturation, double lightness) => SKColor.FromHsl((float)hue, (float)saturation, (float)lightness);
        var linear = new SKSamplingOptions(SKFilterMode.Linear);

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not make a surface.");
        var canvas = surface.Canvas;
        using var texture = Texture(width, height, random);

        // The sky: a gradient from deep blue to the warm light near the horizon, then a sun with its glow.
        using (var sky = new SKPaint())
        {
            sky.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height * 0.7f),
                [Hsl(Pick(200, 235), Pick(45, 65), Pick(25, 40)), Hsl(Pick(20, 45), Pick(60, 85), Pick(65, 78))], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, sky);
            var sun = new SKPoint((float)(width * Pick(0.15, 0.85)), (float)(height * Pick(0.15, 0.4)));
            var radius = (float)(Math.Min(width, height) * Pick(0.03, 0.06));
            sky.Shader = SKShader.CreateRadialGradient(sun, radius * 6, [new SKColor(255, 244, 210, 240), new SKColor(255, 244, 210, 0)], [1 / 6f, 1], SKShaderTileMode.Clamp);
            canvas.DrawCircle(sun, radius * 6, sky);
        }
        // Clouds and haze: the texture's coarse variations, faint.
        using (var faint = new SKPaint { BlendMode = SKBlendMode.Overlay, Color = SKColors.White.WithAlpha(90) })
            canvas.DrawImage(texture, SKRect.Create(0, 0, width, height), linear, faint);

        // Four ranges of hills, nearer ones lower, darker and more detailed, each filled then textured.
        for (var range = 0; range < 4; range++)
        {
            var ridge = height * (0.45 + range * 0.13 + Pick(-0.03, 0.03));
            var (wave, phase, rough) = (Pick(2, 6), Pick(0, Math.Tau), Pick(0.01, 0.03));
            using var outline = new SKPathBuilder();
            outline.MoveTo(0, height);
            for (var x = 0; x <= width; x += Math.Max(1, width / 400))
            {
                var t = x / (double)width;
                outline.LineTo(x, (float)(ridge + height * (0.05 * Math.Sin(t * wave * Math.Tau + phase) + rough * Math.Sin(t * wave * 7.3 * Math.Tau + phase * 2))));
            }
            outline.LineTo(width, height);
            outline.Close();
            using var hill = outline.Detach();
            using var fill = new SKPaint { IsAntialias = true, Color = Hsl(Pick(70, 150), Pick(25, 55), Pick(38, 22) - range * 4) };
            canvas.DrawPath(hill, fill);
            canvas.Save();
            canvas.ClipPath(hill, antialias: true);
            using var detail = new SKPaint { BlendMode = SKBlendMode.Overlay, Color = SKColors.White.WithAlpha((byte)(170 + range * 25)) };
            // Each range shows another part of the texture, so no two look alike.
            canvas.DrawImage(texture, SKRect.Create(0, 0, width, height), SKRect.Create((float)Pick(-0.02, 0.02) * width, 0, width, height), linear, detail);
            canvas.Restore();
        }
        canvas.Flush();
        return surface.Snapshot();
    }

    /// <summary>
    /// Grey noise at every scale from 1 pixel to half the picture, octaves with equal weight (a 1/f² spectrum),
    /// the coarser octaves tinted (colour varies over areas, hardly from pixel to pixel), contrast stretched
    /// around mid-grey so it can be laid over a scene with Overlay. Built as a pyramid, coarse to fine: each
    /// level is the one before enlarged twice plus its own octave, so the whole costs about 1⅓ passes over the
    /// full picture instead of one per octave.
    /// </summary>
    private static SKImage Texture(int width, int height, Random random)
    {
        var octaves = 1;
        while ((1 << octaves) < Math.Max(width, height) / 2) octaves++;
        var linear = new SKSamplingOptions(SKFilterMode.Linear);
        SKImage? sum = null;
        try
        {
            for (var i = 1; i <= octaves; i++)
            {
                var scale = 1 << (octaves - i);
                // One spare pixel each way, so the next level's doubling still covers the picture.
                var info = new SKImageInfo((width + scale - 1) / scale + 1, (height + scale - 1) / scale + 1, SKColorType.Rgba8888, SKAlphaType.Opaque);
                using var level = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not make a surface.");
                if (sum is not null) level.Canvas.DrawImage(sum, SKRect.Create(0, 0, sum.Width * 2, sum.Height * 2), linear);
                // Drawing the i-th octave with opacity 1/i keeps a running average, so all octaves weigh the same.
                using var noise = Noise(info.Width, info.Height, random, tinted: scale >= 8);
                using var paint = new SKPaint { Color = SKColors.White.WithAlpha((byte)Math.Round(255.0 / i)) };
                level.Canvas.DrawImage(noise, 0, 0, linear, paint);
                sum?.Dispose();
                sum = level.Snapshot();
            }

            // An average of n octaves varies √n times less than one: stretch it back.
            var gain = (float)(Math.Sqrt(octaves) * 0.8);
            var bias = 128 * (1 - gain) / 255f;
            using var stretch = new SKPaint
            {
                ColorFilter = SKColorFilter.CreateColorMatrix([gain, 0, 0, 0, bias, 0, gain, 0, 0, bias, 0, 0, gain, 0, bias, 0, 0, 0, 1, 0]),
            };
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque))
                ?? throw new InvalidOperationException("Skia could not make a surface.");
            surface.Canvas.DrawImage(sum!, 0, 0, linear, stretch);
            return surface.Snapshot();
        }
        finally
        {
            sum?.Dispose();
        }
    }

    private static SKImage Noise(int width, int height, Random random, bool tinted)
    {
        var pixels = new byte[width * height * 4];
        random.NextBytes(pixels);
        for (var i = 0; i < pixels.Length; i += 4)
        {
            if (tinted)
            {
                // Mostly brightness, with a little colour of its own.
                var grey = pixels[i];
                pixels[i + 1] = (byte)((grey * 3 + pixels[i + 1]) / 4);
                pixels[i + 2] = (byte)((grey * 3 + pixels[i + 2]) / 4);
            }
            else
            {
                pixels[i + 1] = pixels[i + 2] = pixels[i];
            }
            pixels[i + 3] = 255;
        }
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var data = SKData.CreateCopy(pixels);
        return SKImage.FromPixels(info, data, info.RowBytes) ?? throw new InvalidOperationException("Skia could not wrap noise pixels.");
    }
}
