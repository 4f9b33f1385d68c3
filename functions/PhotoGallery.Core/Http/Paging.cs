using System.Globalization;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Core.Http;

/// <summary>Reads <c>limit</c> and <c>cursor</c> from the query string, the same way on every listing route.</summary>
public static class Paging
{
    public const int DefaultLimit = 24;
    public const int MaxLimit = 100;
    private const int MaxCursorLength = 2048;

    public static readonly Field LimitField = Field.Query("limit", FieldType.WholeNumber, false, "Photos per page.")
        with { Minimum = 1, Maximum = MaxLimit, Default = DefaultLimit };

    public static readonly Field CursorField = Field.Query("cursor", FieldType.Text, false, "The `nextCursor` of the previous page.")
        with { MaxLength = MaxCursorLength };

    public static PageRequest From(ApiRequest request)
    {
        var cursor = request.Text(CursorField);
        if (cursor is { Length: > MaxCursorLength } || cursor is { Length: 0 })
            throw new GalleryException(ErrorCode.InvalidCursor, "'cursor' is not one this API returned; start again without it.");
        return new PageRequest(Limit(request.Text(LimitField)), cursor);
    }

    private static int Limit(string? text)
    {
        if (text is null) return DefaultLimit;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > MaxLimit)
            throw new GalleryException(
                ErrorCode.InvalidParameter, $"'limit' must be a whole number from 1 to {MaxLimit}; got '{text}'.");
        return limit;
    }
}
