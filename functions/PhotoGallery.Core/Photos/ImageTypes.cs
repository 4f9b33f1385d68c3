using System.Buffers.Binary;

namespace PhotoGallery.Core.Photos;

/// <summary>What an image's first bytes say it is, and its pixel size when the header tells.</summary>
public sealed record ImageInfo(string ContentType, int? Width, int? Height);

/// <summary>
/// The four accepted image types, recognised by their signatures (magic bytes) rather than by what the
/// client declares, so a renamed file cannot pass as a photo.
/// </summary>
public static class ImageTypes
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Gif = "image/gif";
    public const string Webp = "image/webp";

    public static IReadOnlyList<string> Accepted { get; } = [Jpeg, Png, Gif, Webp];

    public static bool IsAccepted(string contentType) => Accepted.Contains(contentType);

    public static string Extension(string contentType) => contentType switch
    {
        Jpeg => "jpg",
        Png => "png",
        Gif => "gif",
        Webp => "webp",
        _ => throw new ArgumentException($"Not an accepted image type: {contentType}", nameof(contentType)),
    };

    /// <summary>Recognises the image from its first bytes, or returns <c>null</c> for anything else.</summary>
    public static ImageInfo? Inspect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return JpegInfo(data);
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return PngInfo(data);
        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)) return GifInfo(data);
        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8)) return WebpInfo(data);
        return null;
    }

    private static ImageInfo PngInfo(ReadOnlySpan<byte> data) => data.Length >= 24 && data[12..16].SequenceEqual("IHDR"u8)
        ? new ImageInfo(Png, (int)BinaryPrimitives.ReadUInt32BigEndian(data[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(data[20..]))
        : new ImageInfo(Png, null, null);

    private static ImageInfo GifInfo(ReadOnlySpan<byte> data) => data.Length >= 10
        ? new ImageInfo(Gif, BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]))
        : new ImageInfo(Gif, null, null);

    private static ImageInfo WebpInfo(ReadOnlySpan<byte> data)
    {
        var chunk = data.Length >= 16 ? data[12..16] : [];
        if (chunk.SequenceEqual("VP8 "u8) && data.Length >= 30)
        {
            // Lossy: a key frame header, then 14-bit width and height.
            return new ImageInfo(Webp, BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF,
                BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8) && data.Length >= 25)
        {
            // Lossless: after the 0x2F signature byte, 14 bits of width-1 then 14 bits of height-1.
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return new ImageInfo(Webp, (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8) && data.Length >= 30)
        {
            // Extended: 24-bit canvas width-1 and height-1.
            return new ImageInfo(Webp, ReadUInt24(data[24..]) + 1, ReadUInt24(data[27..]) + 1);
        }
        return new ImageInfo(Webp, null, null);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> data) => data[0] | (data[1] << 8) | (data[2] << 16);

    private static ImageInfo JpegInfo(ReadOnlySpan<byte> data)
    {
        // Walk the marker segments until a start-of-frame marker, which holds the height and width.
        var position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF) break;
            var marker = data[position + 1];
            if (marker == 0xFF) { position++; continue; }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { position += 2; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            if (IsStartOfFrame(marker) && position + 9 <= data.Length)
            {
                return new ImageInfo(ImageTypes.Jpeg,
                    BinaryPrimitives.ReadUInt16BigEndian(data[(position + 7)..]),
                    BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]));
            }
            if (marker == 0xDA || length < 2) break;
            position += 2 + length;
        }
        return new ImageInfo(ImageTypes.Jpeg, null, null);
    }

    private static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
}
