using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Core.Services;

/// <summary>Turns catalog photos into the contract's JSON, with fresh short-lived image URLs.</summary>
public static class PhotoViews
{
    public static async Task<PhotoJson> ToJsonAsync(
        Photo photo, IPhotoStore store, PhotoLimits limits, CancellationToken cancellationToken)
    {
        var image = await store.PresignDownloadAsync(PhotoKeys.Original(photo), limits.ViewLifetime, cancellationToken);
        var thumbnail = photo.HasThumbnail
            ? await store.PresignDownloadAsync(PhotoKeys.Thumbnail(photo.PhotoId), limits.ViewLifetime, cancellationToken)
            : image;
        return new PhotoJson(photo.PhotoId, photo.Owner, photo.Title, photo.Description, photo.Tags, photo.ContentType,
            photo.Size, photo.Width, photo.Height, photo.CreatedAtText, image.ToString(), thumbnail.ToString());
    }

    public static async Task<IReadOnlyList<PhotoJson>> ToJsonAsync(
        IReadOnlyList<Photo> photos, IPhotoStore store, PhotoLimits limits, CancellationToken cancellationToken)
    {
        var views = new PhotoJson[photos.Count];
        for (var i = 0; i < photos.Count; i++) views[i] = await ToJsonAsync(photos[i], store, limits, cancellationToken);
        return views;
    }

    public static UploadJson ToJson(PresignedUpload upload) =>
        new(upload.Method, upload.Url.ToString(), upload.Headers, Photo.FormatTime(upload.ExpiresAt));
}
