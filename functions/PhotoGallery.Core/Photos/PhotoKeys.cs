namespace PhotoGallery.Core.Photos;

/// <summary>
/// Storage keys (DESIGN §6): <c>photos/&lt;id&gt;/original.&lt;ext&gt;</c> for a published photo, and beside it the
/// images processphoto makes from it, <c>photos/&lt;id&gt;/thumbnail.jpg</c> and <c>photos/&lt;id&gt;/display.jpg</c>.
/// Clients upload large photos to the same names under <c>uploads/</c>;
/// completing the upload checks those bytes and copies them under <c>photos/</c>. Nothing under
/// <c>uploads/</c> is ever shown, and the bucket's lifecycle rule deletes it after a day, so abandoned
/// uploads clean themselves up without any function needing permission to delete.
/// </summary>
public static class PhotoKeys
{
    public const string PhotosPrefix = "photos/";
    public const string UploadsPrefix = "uploads/";

    public static string Original(Photo photo) => Original(photo.PhotoId, photo.ContentType);

    public static string Original(string photoId, string contentType) =>
        $"photos/{photoId}/original.{ImageTypes.Extension(contentType)}";

    /// <summary>The grid's image, made by the server from the original (processphoto).</summary>
    public static string Thumbnail(string photoId) => $"photos/{photoId}/thumbnail.jpg";

    /// <summary>The photo page's image, made by the server from the original (processphoto).</summary>
    public static string Display(string photoId) => $"photos/{photoId}/display.jpg";

    /// <summary>The photo id of an original's key (<c>photos/&lt;id&gt;/original.&lt;ext&gt;</c>), or <c>null</c> for any other key.</summary>
    public static string? PhotoIdOfOriginal(string key)
    {
        var parts = key.Split('/');
        return parts is [PhotosFolder, var id, var name] && name.StartsWith("original.", StringComparison.Ordinal) && PhotoId.IsValid(id) ? id : null;
    }

    private const string PhotosFolder = "photos";

    /// <summary>
    /// The type a download of <paramref name="key"/> is served as, by its name (the gallery names each key
    /// for the type its bytes were checked to be), whatever the stored object's own metadata says.
    /// </summary>
    public static string ContentTypeOf(string key) => Path.GetExtension(key) switch
    {
        ".png" => ImageTypes.Png,
        ".gif" => ImageTypes.Gif,
        ".webp" => ImageTypes.Webp,
        _ => ImageTypes.Jpeg,
    };

    /// <summary>
    /// How a download of <paramref name="key"/> presents itself: an original (offered to its owner only) is a
    /// file to save, never a page to render, since its bytes are the uploader's and not ones the gallery made;
    /// the server-made thumbnail and display image are shown inline.
    /// </summary>
    public static string ContentDispositionOf(string key) =>
        PhotoIdOfOriginal(key) is { } id ? $"attachment; filename=\"{id}{Path.GetExtension(key)}\"" : "inline";

    /// <summary>Where the browser PUTs a large photo's bytes before they are checked.</summary>
    public static string Upload(Photo photo) => Upload(photo.PhotoId, photo.ContentType);

    public static string Upload(string photoId, string contentType) => UploadsPrefix + Original(photoId, contentType)[PhotosPrefix.Length..];
}
