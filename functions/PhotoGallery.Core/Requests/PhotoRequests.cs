using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Core.Requests;

/// <summary>
/// POST /photos: a new photo (<see cref="Draft"/>), or the completion of a presigned upload
/// (<see cref="CompletedPhotoId"/>) — exactly one of the two.
/// </summary>
public sealed record AddPhotoRequest(PhotoDraft? Draft, string? CompletedPhotoId)
{
    public static readonly Field TitleField = Field.Body("title", FieldType.Text, true) with { MaxLength = PhotoDraft.MaxTitleLength, Example = "Sunset at the beach" };

    public static readonly Field DescriptionField = Field.Body("description", FieldType.Text, false) with { MaxLength = PhotoDraft.MaxDescriptionLength };

    public static readonly Field TagsField = Field.Body("tags", FieldType.StringList, false,
        $"At most {PhotoDraft.MaxTags} tags of at most {PhotoDraft.MaxTagLength} characters: an array, or one comma-separated string.");

    public static readonly Field FileNameField = Field.Body("fileName", FieldType.Text, true) with { MaxLength = PhotoDraft.MaxFileNameLength, Example = "sunset.jpg" };

    public static readonly Field ContentTypeField = Field.Body("contentType", FieldType.Text, true) with { Allowed = ImageTypes.Accepted, Example = ImageTypes.Jpeg };

    public static readonly Field SizeField = Field.Body("size", FieldType.WholeNumber, true, "The photo's size in bytes.")
        with { Minimum = 1, Maximum = PhotoLimits.Default.MaxPhotoBytes };

    public static readonly Field ImageField = Field.Body("image", FieldType.Base64, false,
        $"The photo, base64 (a data: URL prefix is accepted); at most {PhotoLimits.SizeText(PhotoLimits.DefaultMaxInlineBytes)} decoded. Leave it out for a presigned upload.");

    /// <summary>
    /// Deprecated: the server makes every photo's thumbnail (processphoto). Still checked as before, so
    /// a page already open in a browser, which sends one, keeps uploading and no request changes outcome;
    /// the bytes are ignored.
    /// </summary>
    public static readonly Field ThumbnailField = Field.Body("thumbnail", FieldType.Base64, false,
        $"Deprecated and ignored: the server makes every photo's thumbnail. Still checked as before (a JPEG, base64, at most " +
        $"{PhotoLimits.SizeText(PhotoLimits.DefaultMaxThumbnailBytes)} decoded) so that older pages keep working; leave it out.") with { Deprecated = true };

    public static readonly Field PhotoIdField = Field.Body("photoId", FieldType.Text, false, "With `complete`: the pending photo to finish.");

    public static readonly Field CompleteField = Field.Body("complete", FieldType.TrueOrFalse, false);

    public static RequestSchema Schema { get; } = new(nameof(AddPhotoRequest),
        [TitleField, DescriptionField, TagsField, FileNameField, ContentTypeField, SizeField, ImageField, ThumbnailField, PhotoIdField, CompleteField],
        "A new photo (title, fileName, contentType and size required), or `{photoId, complete: true}` to finish a presigned upload.");

    public static AddPhotoRequest From(ApiRequest request, PhotoLimits limits)
    {
        var body = JsonBody.Parse(request);
        if (body.OptionalBoolean(CompleteField)) return new AddPhotoRequest(null, body.RequiredString(PhotoIdField));
        var draft = PhotoDraft.Create(
            body.RequiredString(TitleField), body.OptionalString(DescriptionField), body.OptionalStringList(TagsField),
            body.RequiredString(FileNameField), body.RequiredString(ContentTypeField), body.RequiredInt64(SizeField),
            Bytes(body, ImageField, limits.MaxInlineBytes,
                "photos over {0} go through the presigned upload: leave 'image' out and send the bytes to the upload URL returned"),
            Bytes(body, ThumbnailField, limits.MaxThumbnailBytes, "make the thumbnail {0} or smaller"),
            limits);
        return new AddPhotoRequest(draft, null);
    }

    private static byte[]? Bytes(JsonBody body, Field field, int maxBytes, string tooLargeAdvice)
    {
        var text = body.OptionalString(field);
        if (text is null) return null;
        var comma = text.StartsWith("data:", StringComparison.Ordinal) ? text.IndexOf(',') : -1;
        var base64 = comma >= 0 ? text[(comma + 1)..] : text;
        if (base64.Length / 4L * 3 > maxBytes + 3L) throw TooLarge(field.Name, maxBytes, tooLargeAdvice);
        try
        {
            var bytes = Convert.FromBase64String(base64);
            if (bytes.Length == 0) throw new GalleryException(ErrorCode.InvalidParameter, $"'{field.Name}' is empty.");
            if (bytes.Length > maxBytes) throw TooLarge(field.Name, maxBytes, tooLargeAdvice);
            return bytes;
        }
        catch (FormatException)
        {
            throw new GalleryException(ErrorCode.InvalidParameter, $"'{field.Name}' must be base64-encoded bytes.");
        }
    }

    private static GalleryException TooLarge(string name, int maxBytes, string advice)
    {
        var limit = PhotoLimits.SizeText(maxBytes);
        return new GalleryException(ErrorCode.PayloadTooLarge,
            $"'{name}' is larger than {limit}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, advice, limit)}.");
    }
}

/// <summary>GET /photos: one page of the gallery.</summary>
public sealed record PhotoListRequest(PageRequest Page)
{
    public static RequestSchema Schema { get; } = new(nameof(PhotoListRequest), [Paging.LimitField, Paging.CursorField]);

    public static PhotoListRequest From(ApiRequest request) => new(Paging.From(request));
}

/// <summary>GET /photos/{photoId}: one photo.</summary>
public sealed record PhotoRequest(string PhotoId)
{
    public static readonly Field PhotoIdField = Field.Path("photoId", $"The photo's id: {Photos.PhotoId.Length} characters.")
        with { MaxLength = Photos.PhotoId.Length, Example = "01ARZ3NDEKTSV4RRFFQ69G5FAV" };

    public static RequestSchema Schema { get; } = new(nameof(PhotoRequest), [PhotoIdField]);

    /// <summary>The id, or the contract's 404 when it cannot be a photo id (no photo could have it).</summary>
    public static PhotoRequest From(ApiRequest request)
    {
        var photoId = request.Text(PhotoIdField);
        if (!Photos.PhotoId.IsValid(photoId))
            throw new GalleryException(ErrorCode.PhotoNotFound, $"There is no photo '{photoId}': photo ids are {Photos.PhotoId.Length} characters.");
        return new PhotoRequest(photoId!);
    }
}

/// <summary>GET /search: the words to find, and which page.</summary>
public sealed record SearchRequest(SearchQuery Query, PageRequest Page)
{
    public static readonly Field QueryField = Field.Query("q", FieldType.Text, true, "The words to find; every word must match (AND).")
        with { MaxLength = SearchQuery.MaxTextLength, Example = "sunset" };

    public static RequestSchema Schema { get; } = new(nameof(SearchRequest), [QueryField, Paging.LimitField, Paging.CursorField]);

    public static SearchRequest From(ApiRequest request) => new(SearchQuery.Parse(request.Text(QueryField)), Paging.From(request));
}
