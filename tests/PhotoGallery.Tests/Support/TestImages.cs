using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PhotoGallery.Tests.Support;

/// <summary>Small but well-formed images of each accepted type, made in code so tests need no files.</summary>
public static class TestImages
{
    /// <summary>A real PNG of the given size (solid colour), optionally padded with a text chunk to reach a byte size.</summary>
    public static byte[] Png(int width = 4, int height = 3, int padToBytes = 0, byte shade = 200)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        Chunk(output, "IHDR", header);
        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = new byte[1 + width * 3];
                Array.Fill(row, shade, 1, width * 3);
                for (var y = 0; y < height; y++) zlib.Write(row);
            }
            Chunk(output, "IDAT", pixels.ToArray());
        }
        var padding = padToBytes - (int)output.Length - 12 - 12;
        if (padding > 0) Chunk(output, "tEXt", Encoding.ASCII.GetBytes("pad\0" + new string('x', Math.Max(0, padding - 4))));
        Chunk(output, "IEND", []);
        return output.ToArray();
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

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    /// <summary>PNG's chunk checksum (CRC-32, polynomial 0xEDB88320): browsers reject chunks without it.</summary>
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
}
