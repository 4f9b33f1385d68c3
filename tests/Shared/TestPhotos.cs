using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace PhotoGallery.Testing;

/// <summary>
/// Real, decodable originals for processphoto's tests, made in code: photos with a marked corner in any EXIF
/// orientation (drawn and encoded with SkiaSharp, the function's own library), and the kinds a camera or an
/// editor produces that need care: CMYK JPEG, 16-bit, palette, grey and transparent PNG, animated GIF, WebP.
/// The formats no library here writes (CMYK JPEG, GIF, 16-bit PNG) are written byte by byte.
/// </summary>
public static class TestPhotos
{
    /// <summary>The marks of <see cref="Marked"/>: top-left corner red, top-right blue, the rest grey.</summary>
    public static readonly SKColor Red = new(220, 30, 30), Blue = new(30, 60, 220), Grey = new(128, 128, 128);

    /// <summary>
    /// A JPEG that shows <see cref="Marked"/> (<paramref name="width"/>×<paramref name="height"/>, upright) once its
    /// EXIF orientation is applied: the pixels are stored turned or mirrored as a camera in that position stores
    /// them, and the EXIF (with a camera, a GPS position, XMP and a comment: <see cref="JpegSegments"/>) says how.
    /// </summary>
    public static byte[] OrientedJpeg(int orientation, int width = 96, int height = 64)
    {
        var transposed = orientation >= 5;
        var (storedWidth, storedHeight) = transposed ? (height, width) : (width, height);
        using var stored = new SKBitmap(new SKImageInfo(storedWidth, storedHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < storedHeight; y++)
        {
            for (var x = 0; x < storedWidth; x++)
            {
                // Where this stored pixel appears upright, from the EXIF specification's table for tag 274
                // (e.g. 6: "the 0th row is the visual right-hand side, the 0th column the visual top").
                var (ux, uy) = orientation switch
                {
                    1 => (x, y),
                    2 => (storedWidth - 1 - x, y),
                    3 => (storedWidth - 1 - x, storedHeight - 1 - y),
                    4 => (x, storedHeight - 1 - y),
                    5 => (y, x),
                    6 => (storedHeight - 1 - y, x),
                    7 => (storedHeight - 1 - y, storedWidth - 1 - x),
                    8 => (y, storedWidth - 1 - x),
                    _ => throw new ArgumentOutOfRangeException(nameof(orientation)),
                };
                stored.SetPixel(x, y, Marked(ux, uy, width, height));
            }
        }
        return JpegSegments.WithCameraMetadata(Encode(stored, SKEncodedImageFormat.Jpeg, 95), orientation);
    }

    /// <summary>The colour of the upright test picture at (x, y): a red and a blue square in the top corners on grey.</summary>
    public static SKColor Marked(int x, int y, int width, int height)
    {
        var mark = Math.Min(width, height) / 4;
        if (y < mark && x < mark) return Red;
        if (y < mark && x >= width - mark) return Blue;
        return Grey;
    }

    /// <summary>A photo-like picture (the landscape of <see cref="TestImages.Landscape"/>) as a camera JPEG with EXIF and GPS.</summary>
    public static byte[] CameraJpeg(int width, int height, int orientation = 1) =>
        JpegSegments.WithCameraMetadata(Reencode(TestImages.Landscape(width, height, seed: width ^ height, grain: 4), SKEncodedImageFormat.Jpeg, 90), orientation);

    /// <summary>The picture of <see cref="Marked"/> in any format Skia writes (JPEG, PNG, WebP).</summary>
    public static byte[] MarkedImage(SKEncodedImageFormat format, int width = 96, int height = 64, int quality = 95)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, Marked(x, y, width, height));
        return Encode(bitmap, format, quality);
    }

    /// <summary>A one-channel (greyscale) JPEG of one shade.</summary>
    public static byte[] GreyJpeg(int width, int height, byte shade)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(shade, shade, shade));
        return Encode(bitmap, SKEncodedImageFormat.Jpeg, 95);
    }

    /// <summary>An RGBA PNG whose left half is opaque <see cref="Red"/> and right half fully transparent black.</summary>
    public static byte[] HalfTransparentPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, x < width / 2 ? Red : new SKColor(0, 0, 0, 0));
        return Encode(bitmap, SKEncodedImageFormat.Png, 100);
    }

    /// <summary>A PNG with 16 bits per channel (colour type 2, depth 16) of one colour, given in 16-bit values.</summary>
    public static byte[] Png16(int width, int height, ushort red, ushort green, ushort blue) =>
        Png(width, height, colourType: 2, bitDepth: 16, [], _ =>
        {
            var row = new byte[width * 6];
            for (var x = 0; x < width; x++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(x * 6), red);
                BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(x * 6 + 2), green);
                BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(x * 6 + 4), blue);
            }
            return row;
        });

    /// <summary>
    /// A palette PNG (colour type 3): entry 0 fully transparent (tRNS), entry 1 <see cref="Blue"/>; the left
    /// half uses entry 1, the right half entry 0.
    /// </summary>
    public static byte[] PalettePng(int width, int height) =>
        Png(width, height, colourType: 3, bitDepth: 8,
            [("PLTE", [0, 0, 0, Blue.Red, Blue.Green, Blue.Blue]), ("tRNS", [0, 255])],
            _ => Enumerable.Range(0, width).Select(x => (byte)(x < width / 2 ? 1 : 0)).ToArray());

    /// <summary>A greyscale PNG (colour type 0, depth 8) of one shade.</summary>
    public static byte[] GreyPng(int width, int height, byte shade) =>
        Png(width, height, colourType: 0, bitDepth: 8, [], _ => Enumerable.Repeat(shade, width).ToArray());

    /// <summary>
    /// A decompression bomb: a PNG whose header declares <paramref name="width"/>×<paramref name="height"/> RGB
    /// pixels (50,000² is 7.5 GB decoded) but whose data holds only the first rows, so the file stays small.
    /// </summary>
    public static byte[] BombPng(int width = 50_000, int height = 50_000, int rows = 64) =>
        Png(width, height, colourType: 2, bitDepth: 8, [], y => y < rows ? new byte[width * 3] : null);

    /// <summary>
    /// A PNG written chunk by chunk: IHDR, <paramref name="chunks"/> (PLTE, tRNS...), IDAT from the rows
    /// <paramref name="row"/> gives (filter 0 is added; <c>null</c> ends the data early), IEND.
    /// </summary>
    public static byte[] Png(int width, int height, byte colourType, byte bitDepth, (string Type, byte[] Data)[] chunks, Func<int, byte[]?> row)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colourType;
        TestImages.WriteChunk(output, "IHDR", header);
        foreach (var (type, data) in chunks) TestImages.WriteChunk(output, type, data);
        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                for (var y = 0; y < height && row(y) is { } bytes; y++)
                {
                    zlib.WriteByte(0);
                    zlib.Write(bytes);
                }
            }
            TestImages.WriteChunk(output, "IDAT", pixels.ToArray());
        }
        TestImages.WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>
    /// An animated GIF of <paramref name="frames"/> frames, each filled with one colour, looping. Written by hand
    /// with 8-bit LZW codes (minimum code size 7) and a clear code every 100 pixels, so the code width never grows.
    /// </summary>
    public static byte[] AnimatedGif(int width, int height, params SKColor[] frames)
    {
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        void Short(int value) => output.Write([(byte)value, (byte)(value >> 8)]);
        Short(width);
        Short(height);
        output.Write([0xF6, 0, 0]); // a global colour table of 128 entries, 8-bit colour resolution
        for (var i = 0; i < 128; i++)
        {
            var colour = i < frames.Length ? frames[i] : SKColors.Black;
            output.Write([colour.Red, colour.Green, colour.Blue]);
        }
        output.Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]); // loop forever
        for (var frame = 0; frame < frames.Length; frame++)
        {
            output.Write([0x21, 0xF9, 0x04, 0x00, 50, 0, 0, 0]); // 0.5 s per frame, no transparency
            output.WriteByte(0x2C);
            Short(0);
            Short(0);
            Short(width);
            Short(height);
            output.WriteByte(0); // no local colour table, not interlaced
            output.WriteByte(7); // LZW minimum code size: codes are 8 bits, clear = 128, end = 129
            var codes = new List<byte>();
            for (var pixel = 0; pixel < width * height; pixel++)
            {
                if (pixel % 100 == 0) codes.Add(128);
                codes.Add((byte)frame);
            }
            codes.Add(129);
            foreach (var block in codes.Chunk(255))
            {
                output.WriteByte((byte)block.Length);
                output.Write(block);
            }
            output.WriteByte(0);
        }
        output.WriteByte(0x3B);
        return output.ToArray();
    }

    /// <summary>
    /// A four-channel CMYK JPEG of one ink mix (0 = no ink, 255 = full), stored inverted as Photoshop writes
    /// CMYK with its Adobe APP14 segment. Written by hand: baseline, no subsampling, every 8×8 block flat, so
    /// each block is its DC coefficient alone (quantised by 1) and an end-of-block code.
    /// </summary>
    public static byte[] CmykJpeg(int width, int height, byte cyan, byte magenta, byte yellow, byte black)
    {
        byte[] stored = [(byte)(255 - cyan), (byte)(255 - magenta), (byte)(255 - yellow), (byte)(255 - black)];
        using var output = new MemoryStream();
        void Segment(byte marker, byte[] payload)
        {
            output.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
            output.Write(payload);
        }
        output.Write([0xFF, 0xD8]);
        Segment(0xEE, [.. "Adobe"u8, 0, 100, 0, 0, 0, 0, 0]); // version 100, no flags, transform 0: CMYK as is
        Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]); // quantisation table 0: all ones
        Segment(0xC0, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 4,
            1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        Segment(0xC4, [0x00, .. DcLengths, .. Enumerable.Range(0, 12).Select(v => (byte)v)]); // the standard DC table
        Segment(0xC4, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]); // AC: end-of-block only, code "0"
        Segment(0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);
        var bits = new BitWriter(output);
        var dcCodes = CanonicalCodes(DcLengths);
        var previous = new int[4];
        var blocks = (width + 7) / 8 * ((height + 7) / 8);
        for (var block = 0; block < blocks; block++)
        {
            for (var component = 0; component < 4; component++)
            {
                var dc = 8 * (stored[component] - 128); // a flat block's DC coefficient (level-shifted)
                var difference = dc - previous[component];
                previous[component] = dc;
                var category = difference == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(difference));
                bits.Write(dcCodes[category].Code, dcCodes[category].Length);
                if (category > 0) bits.Write(difference > 0 ? difference : difference + (1 << category) - 1, category);
                bits.Write(0, 1); // end of block
            }
        }
        bits.Flush();
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    private static readonly byte[] DcLengths = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];

    private static (int Code, int Length)[] CanonicalCodes(byte[] lengths)
    {
        var codes = new List<(int, int)>();
        var code = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < lengths[length - 1]; i++) codes.Add((code++, length));
            code <<= 1;
        }
        return [.. codes];
    }

    /// <summary>Entropy-coded bits, most significant first, with a 0x00 stuffed after every 0xFF and 1s to pad.</summary>
    private sealed class BitWriter(Stream output)
    {
        private int _buffer, _count;

        public void Write(int value, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8) Emit();
            }
        }

        public void Flush()
        {
            while (_count != 0) Write(1, 1);
        }

        private void Emit()
        {
            output.WriteByte((byte)_buffer);
            if (_buffer == 0xFF) output.WriteByte(0);
            _buffer = _count = 0;
        }
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var pixels = bitmap.PeekPixels();
        using var data = format switch
        {
            SKEncodedImageFormat.Jpeg => pixels.Encode(new SKJpegEncoderOptions(quality)),
            SKEncodedImageFormat.Png => pixels.Encode(SKPngEncoderOptions.Default),
            SKEncodedImageFormat.Webp => pixels.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality)),
            _ => throw new ArgumentException($"No encoder for {format} here.", nameof(format)),
        } ?? throw new InvalidOperationException($"Skia could not encode {format}.");
        return data.ToArray();
    }

    private static byte[] Reencode(byte[] image, SKEncodedImageFormat format, int quality)
    {
        using var bitmap = SKBitmap.Decode(image) ?? throw new InvalidOperationException("Skia could not decode an image made here.");
        return Encode(bitmap, format, quality);
    }
}
