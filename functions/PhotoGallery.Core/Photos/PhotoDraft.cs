using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Photos;

/// <summary>
/// A new photo as the client described it, checked against the one rule set: every field valid, the
/// declared size within limits, and inline bytes that really are the declared image type.
/// </summary>
public sealed record PhotoDraft(
    string Title,
    string Description,
    IReadOnlyList<string> Tags,
    string FileName,
    string ContentType,
    long Size,
    byte[]? Image,
    ImageInfo? ImageInfo)
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
    public const int MaxFileNameLength = 255;

    /// <summary>A draft from the client's fields, each checked by the rule set; throws naming the first field that breaks a rule.</summary>
    public static PhotoDraft Create(
        string title, string? description, IReadOnlyList<string> tags, string fileName, string contentType, long size,
        byte[]? image, byte[]? thumbnail, PhotoLimits limits)
    {
        var checkedTitle = Text(title, "title", MaxTitleLength);
        var checkedDescription = Text(description ?? "", "description", MaxDescriptionLength);
        var checkedTags = CleanTags(tags);
        var checkedFileName = Text(fileName, "fileName", MaxFileNameLength);
        var checkedType = ContentTypeOf(contentType);
        var checkedSize = CheckSize(size, limits);
        var info = image is null ? null : CheckImage(image, checkedType, checkedSize);
        // A client's own thumbnail is deprecated (the server makes them) and dropped here, but still checked as
        // before, so that no request changes outcome while older pages still send one.
        if (thumbnail is not null) CheckThumbnail(thumbnail);
        return new PhotoDraft(checkedTitle, checkedDescription, checkedTags, checkedFileName, checkedType, checkedSize, image, info);
    }

    /// <summary>Throws unless <paramref name="bytes"/> start like a JPEG, as the deprecated <c>thumbnail</c> always had to.</summary>
    private static void CheckThumbnail(ReadOnlySpan<byte> bytes)
    {
        if (ImageTypes.Inspect(bytes)?.ContentType != ImageTypes.Jpeg)
            throw new GalleryException(ErrorCode.ImageTypeMismatch, "'thumbnail' must be a JPEG image.");
    }

    /// <summary>Throws unless <paramref name="bytes"/> are an image of the declared type; returns what they are.</summary>
    public static ImageInfo CheckImageType(ReadOnlySpan<byte> bytes, string declared, string what)
    {
        var info = ImageTypes.Inspect(bytes) ?? throw new GalleryException(
            ErrorCode.ImageTypeMismatch, $"{what} is not a JPEG, PNG, GIF or WebP image.");
        if (info.ContentType != declared)
            throw new GalleryException(
                ErrorCode.ImageTypeMismatch, $"{what} is {info.ContentType}, but 'contentType' says {declared}.");
        return info;
    }

    private static ImageInfo CheckImage(byte[] image, string contentType, long size)
    {
        if (image.LongLength != size)
            throw Invalid($"'size' says {size} bytes but 'image' holds {image.LongLength}.");
        return CheckImageType(image, contentType, "'image'");
    }

    private static string Text(string value, string name, int maxLength)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength) throw Invalid($"'{name}' must be at most {maxLength} characters; it has {trimmed.Length}.");
        if (trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            throw Invalid($"'{name}' must not contain control characters.");
        return trimmed;
    }

    private static IReadOnlyList<string> CleanTags(IReadOnlyList<string> raw)
    {
        var tags = raw.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count > MaxTags) throw Invalid($"Use at most {MaxTags} tags; got {tags.Count}.");
        if (tags.FirstOrDefault(t => t.Length > MaxTagLength) is { } longTag)
            throw Invalid($"Each tag must be at most {MaxTagLength} characters; '{longTag[..MaxTagLength]}…' is longer.");
        return tags;
    }

    private static string ContentTypeOf(string value)
    {
        var contentType = value.Trim().ToLowerInvariant();
        if (!ImageTypes.IsAccepted(contentType))
            throw new GalleryException(ErrorCode.UnsupportedImageType,
                $"'contentType' {value} is not accepted; use one of {string.Join(", ", ImageTypes.Accepted)}.");
        return contentType;
    }

    private static long CheckSize(long size, PhotoLimits limits)
    {
        if (size < 1) throw Invalid("'size' must be the photo's size in bytes, at least 1.");
        if (size > limits.MaxPhotoBytes)
            throw new GalleryException(ErrorCode.PayloadTooLarge,
                $"The photo is {Megabytes(size)} MiB; the largest accepted is {Megabytes(limits.MaxPhotoBytes)} MiB.");
        return size;
    }

    private static string Megabytes(long bytes) =>
        (bytes / (double)PhotoLimits.MiB).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static GalleryException Invalid(string detail) => new(ErrorCode.InvalidParameter, detail);
}
