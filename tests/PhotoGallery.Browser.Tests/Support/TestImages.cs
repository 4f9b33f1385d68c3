using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// Real, decodable PNG photos made in code: a landscape (sky, sun, hills) the browser can draw on a
/// canvas to make a thumbnail. Stored without compression and with film grain, one can be made as
/// large as a test needs.
/// </summary>
public static class TestImages
{
    /// <summary>A landscape PNG; <paramref name="grain"/> adds noise, <paramref name="level"/> sets how hard zlib works.</summary>
    public static byte[] Landscape(int width, int height, int seed, int grain = 0, CompressionLevel level = CompressionLevel.Optimal)
    {
        var scene = new Scene(seed);
        var random = new Random(seed);
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
                    for (var x = 0; x < width; x++)
                    {
                        var (r, g, b) = scene.Colour(x / (double)width, y / (double)height);
                        var noise = grain == 0 ? 0 : random.Next(-grain, grain + 1);
                        row[1 + x * 3] = Clamp(r + noise);
                        row[2 + x * 3] = Clamp(g + noise);
                        row[3 + x * 3] = Clamp(b + noise);
                    }
                    zlib.Write(row);
                }
            }
            WriteChunk(output, "IDAT", pixels.ToArray());
        }
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static byte Clamp(double value) => (byte)Math.Clamp((int)Math.Round(value), 0, 255);

    private static void WriteChunk(Stream output, string type, byte[] data)
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
