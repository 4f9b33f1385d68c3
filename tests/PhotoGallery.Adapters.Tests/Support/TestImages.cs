using System.Buffers.Binary;

namespace PhotoGallery.Adapters.Tests.Support;

/// <summary>Bytes that start like a PNG, with a recognisable pattern after the header.</summary>
public static class TestImages
{
    public static byte[] Png(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++) bytes[i] = (byte)(i * 31 + 7);
        byte[] header = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        header.AsSpan(0, Math.Min(header.Length, size)).CopyTo(bytes);
        if (size >= 24)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 4);
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 3);
        }
        return bytes;
    }
}
