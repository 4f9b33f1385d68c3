using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace PhotoGallery.Rehearsal.Walk;

/// <summary>
/// Real PNG files of an exact byte size, made in code: noise pixels (so the size is the image, not
/// padding a codec would throw away), then a text chunk to land on the size asked for.
/// </summary>
public static class SamplePhotos
{
    private const int ChunkOverhead = 12;

    public static byte[] Png(int bytes, int seed = 1)
    {
        // Noise, stored without compression: the pixels take their own size plus zlib's framing and a filter byte per row.
        var side = Math.Max(1, (int)Math.Sqrt(Math.Max(0, bytes * 0.97 - 1024) / 3.0));
        var pixels = Pixels(side, seed);
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        Chunk(output, "IHDR"u8, header);
        Chunk(output, "IDAT"u8, pixels);
        var padding = bytes - (int)output.Length - ChunkOverhead - ChunkOverhead;
        if (padding < 4) throw new ArgumentOutOfRangeException(nameof(bytes), $"{bytes} bytes is too small for a sample PNG.");
        var text = new byte[padding];
        "pad\0"u8.CopyTo(text);
        text.AsSpan(4).Fill((byte)'x');
        Chunk(output, "tEXt"u8, text);
        Chunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static byte[] Pixels(int side, int seed)
    {
        var random = new Random(seed);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.NoCompression, leaveOpen: true))
        {
            var row = new byte[1 + side * 3];
            for (var y = 0; y < side; y++)
            {
                random.NextBytes(row);
                row[0] = 0; // filter: none
                zlib.Write(row);
            }
        }
        return compressed.ToArray();
    }

    private static void Chunk(Stream output, ReadOnlySpan<byte> type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = new byte[4 + data.Length];
        type.CopyTo(typed);
        data.CopyTo(typed, 4);
        output.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    /// <summary>PNG's chunk checksum (CRC-32, polynomial 0xEDB88320).</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A password the gallery's policy accepts, different every run.</summary>
    public static string Password() => "Rehearse-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + "A1!";
}
