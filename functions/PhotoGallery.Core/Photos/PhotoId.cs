using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PhotoGallery.Core.Photos;

/// <summary>
/// Photo ids are ULIDs: 26 Crockford base32 characters, a millisecond timestamp then 80 random bits,
/// so ids sort by creation time and never collide in practice.
/// </summary>
public static class PhotoId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 26;

    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = (ulong)now.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)milliseconds;
            milliseconds >>= 8;
        }
        RandomNumberGenerator.Fill(bytes[6..]);
        return Encode(bytes);
    }

    public static bool IsValid(string? id) =>
        id is { Length: Length } && id[0] <= '7' && id.All(c => Alphabet.Contains(c));

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        // 128 bits as 26 five-bit groups, most significant first (the top group holds only 3 bits).
        var value = new UInt128(
            BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        Span<char> chars = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}
