using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PhotoGallery.Testing;

/// <summary>
/// Well-formed images of each accepted type, made in code so tests need no files: plain PNGs of an exact
/// size, landscapes a browser can draw, and the headers of JPEG, GIF and WebP.
/// </summary>
public static class TestImages
{
    /// <summary>
    /// A real PNG of the given size, in one colour. With <paramref name="bytes"/> it is exactly that long:
    /// a private chunk after the pixels holds a byte pattern (every value, repeating), so a byte lost or
    /// moved anywhere in storage shows.
    /// </summary>
    public static byte[] Png(int width = 4, int height = 3, int bytes = 0, byte shade = 200) =>
        EncodePng(width, height, CompressionLevel.Fastest, bytes, (_, row) => row.AsSpan(1).Fill(shade));

    /// <summary>
    /// A landscape (sky, sun, three hill ranges picked from <paramref name="seed"/>) the browser can decode
    /// and draw on a canvas; <paramref name="grain"/> adds noise, <paramref name="level"/> sets how hard zlib
    /// works, so a photo can be made as large as a test needs.
    /// </summary>
    public static byte[] Landscape(int width, int height, int seed, int grain = 0, CompressionLevel level = CompressionLevel.Optimal)
    {
        var scene = new Scene(seed);
        var random = new Random(seed);
        return EncodePng(width, height, level, bytes: 0, (y, row) =>
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = scene.Colour(x / (double)width, y / (double)height);
                var noise = grain == 0 ? 0 : random.Next(-grain, grain + 1);
                row[1 + x * 3] = Clamp(r + noise);
                row[2 + x * 3] = Clamp(g + noise);
                row[3 + x * 3] = Clamp(b + noise);
            }
        });
    }

    /// <summary>A JPEG header (SOI, an APP0 segment, a baseline SOF0 frame header) and some data.</summary>
    public static byte[] Jpeg(int width = 640, int height = 480, int exifBytes = 0)
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        output.Write([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if (exifBytes > 0)
        {
            output.Write([0xFF, 0xE1, (byte)((exifBytes + 2) >> 8), (byte)(exifBytes + 2)]);
            output.Write(new byte[exifBytes]);
        }
        output.Write([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03,
            0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
        output.Write([0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9]);
        return output.ToArray();
    }

    public static byte[] Gif(int width = 10, int height = 20)
    {
        var bytes = new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 0, 0, 0, 0, 0, 0, 0, 0x3B };
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)height);
        return bytes;
    }

    /// <summary>An extended (VP8X) WebP header with the given canvas size.</summary>
    public static byte[] Webp(int width = 300, int height = 200)
    {
        var bytes = new byte[30];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 22);
        "WEBPVP8X"u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 10);
        WriteUInt24(bytes.AsSpan(24), width - 1);
        WriteUInt24(bytes.AsSpan(27), height - 1);
        return bytes;
    }

    private const int ChunkOverhead = 12; // length, type, CRC

    /// <summary>An RGB PNG whose rows <paramref name="drawRow"/> fills (after the filter byte), padded to <paramref name="bytes"/> if given.</summary>
    private static byte[] EncodePng(int width, int height, CompressionLevel level, int bytes, Action<int, byte[]> drawRow)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // truecolour RGB
        WriteChunk(output, "IHDR", header);
        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, level, leaveOpen: true))
            {
                var row = new byte[1 + width * 3]; // filter byte 0 (none), then RGB
                for (var y = 0; y < height; y++)
                {
                    drawRow(y, row);
                    zlib.Write(row);
                }
            }
            WriteChunk(output, "IDAT", pixels.ToArray());
        }
        if (bytes > 0)
        {
            var padding = bytes - (int)output.Length - ChunkOverhead - ChunkOverhead;
            if (padding < 0) throw new ArgumentOutOfRangeException(nameof(bytes), $"A {width}×{height} PNG is longer than {bytes} bytes.");
            // "paTt": ancillary, private, safe to copy; decoders skip it.
            WriteChunk(output, "paTt", Enumerable.Range(0, padding).Select(i => (byte)(i * 31 + 7)).ToArray());
        }
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    internal static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Of(typeBytes, data));
        output.Write(word);
    }

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }

    private static byte Clamp(double value) => (byte)Math.Clamp((int)Math.Round(value), 0, 255);

    /// <summary>A few colours and shapes picked from a seed: sky gradient, a sun, three hill ranges.</summary>
    private sealed class Scene
    {
        private readonly (double R, double G, double B) _skyTop;
        private readonly (double R, double G, double B) _skyHorizon;
        private readonly (double X, double Y, double Radius) _sun;
        private readonly (double Height, double Wave, double Phase, (double R, double G, double B) Colour)[] _hills;

        public Scene(int seed)
        {
            var random = new Random(seed);
            double Pick(double from, double to) => from + random.NextDouble() * (to - from);
            _skyTop = (Pick(20, 70), Pick(50, 110), Pick(120, 190));
            _skyHorizon = (Pick(220, 255), Pick(150, 210), Pick(110, 170));
            _sun = (Pick(0.2, 0.8), Pick(0.2, 0.45), Pick(0.05, 0.1));
            _hills = Enumerable.Range(0, 3).Select(i => (
                Height: 0.55 + i * 0.12 + Pick(-0.03, 0.03),
                Wave: Pick(2, 6),
                Phase: Pick(0, Math.Tau),
                Colour: (Pick(30, 70) - i * 10, Pick(70, 110) - i * 20, Pick(60, 90) - i * 15))).ToArray();
        }

        public (double R, double G, double B) Colour(double x, double y)
        {
            for (var i = _hills.Length - 1; i >= 0; i--)
            {
                var hill = _hills[i];
                var ridge = hill.Height + 0.05 * Math.Sin(x * hill.Wave + hill.Phase) + 0.02 * Math.Sin(x * hill.Wave * 3.1 + hill.Phase);
                if (y >= ridge)
                {
                    var shade = 1 - 0.35 * (y - ridge);
                    return (hill.Colour.R * shade, hill.Colour.G * shade, hill.Colour.B * shade);
                }
            }
            var dx = x - _sun.X;
            var dy = (y - _sun.Y) * 0.66;
            var distance = Math.Sqrt(dx * dx + dy * dy);
            if (distance < _sun.Radius) return (255, 236, 180);
            var glow = Math.Max(0, 1 - (distance - _sun.Radius) * 4) * 0.35;
            var t = Math.Min(1, y / 0.65);
            return (Mix(_skyTop.R, _skyHorizon.R, t) + glow * 60, Mix(_skyTop.G, _skyHorizon.G, t) + glow * 50, Mix(_skyTop.B, _skyHorizon.B, t) + glow * 20);
        }

        private static double Mix(double a, double b, double t) => a + (b - a) * t;
    }

    /// <summary>PNG's chunk checksum (CRC-32, reflected polynomial 0xEDB88320); browsers reject a chunk without it.</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
        {
            var c = (uint)n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            return c;
        }).ToArray();

        public static uint Of(byte[] type, byte[] data)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in type) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return ~crc;
        }
    }
}
