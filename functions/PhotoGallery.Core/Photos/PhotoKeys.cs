namespace PhotoGallery.Core.Photos;

/// <summary>Storage keys (DESIGN §6): <c>photos/&lt;id&gt;/original.&lt;ext&gt;</c> and <c>photos/&lt;id&gt;/thumbnail.jpg</c>.</summary>
public static class PhotoKeys
{
    public static string Original(Photo photo) => Original(photo.PhotoId, photo.ContentType);

    public static string Original(string photoId, string contentType) =>
        $"photos/{photoId}/original.{ImageTypes.Extension(contentType)}";

    public static string Thumbnail(string photoId) => $"photos/{photoId}/thumbnail.jpg";
}
