using System.Buffers.Text;
using System.Globalization;
using System.Text;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// A position in newest-first order, <c>&lt;createdAt&gt;#&lt;id&gt;</c>: the sort key of the last item a page
/// ended on. That value is all of DynamoDB's LastEvaluatedKey that varies (the rest follows from it), so the
/// cursor is its opaque encoding; anything that does not decode to a valid position is refused.
/// </summary>
internal static class PageCursor
{
    private const string Version = "d1";

    public static string Encode(string sortKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Version}|{sortKey}"));

    public static string? Decode(string? cursor)
    {
        if (cursor is null) return null;
        var text = TryDecode(cursor);
        if (text is not null && text.StartsWith(Version + "|", StringComparison.Ordinal) && IsSortKey(text[(Version.Length + 1)..]))
            return text[(Version.Length + 1)..];
        throw new GalleryException(ErrorCode.InvalidCursor, "'cursor' is not one this API returned; start again without it.");
    }

    private static bool IsSortKey(string sortKey)
    {
        var hash = sortKey.LastIndexOf('#');
        return hash > 0 && PhotoId.IsValid(sortKey[(hash + 1)..]) &&
               DateTimeOffset.TryParseExact(sortKey[..hash], "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                   DateTimeStyles.AssumeUniversal, out _);
    }

    private static string? TryDecode(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
