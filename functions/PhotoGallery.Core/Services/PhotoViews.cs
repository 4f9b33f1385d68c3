using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Core.Services;

/// <summary>Turns catalog photos into the contract's JSON, with image URLs that repeat within a signing window.</summary>
public static class PhotoViews
{
    /// <summary>
    /// The photo as <paramref name="viewer"/> may see it: the server-made thumbnail and display image once
    /// they exist (null while they are being made: the grid never gets an original), and the original
    /// itself, which keeps the camera's EXIF (GPS included), only for its owner, once it is complete.
    /// </summary>
    /// <remarks>URLs are written escaped (<see cref="Uri.AbsoluteUri"/>): <c>Uri.ToString()</c> would turn the signed
    /// <c>%20</c> of a Cache-Control into spaces and break the link.</remarks>
    public static async Task<PhotoJson> ToJsonAsync(
        Photo photo, string viewer, IPhotoStore store, PhotoLimits limits, CancellationToken cancellationToken)
    {
        var views = limits.Views;
        var ready = photo is { ImageState: ImageState.Ready, Variants: { } variants } ? variants : null;
        var isOwner = photo.Owner == viewer;
        var thumbnail = ready is null ? null : await store.PresignDownloadAsync(ready.ThumbnailKey, views, cancellationToken);
        var display = ready is null ? null : await store.PresignDownloadAsync(ready.DisplayKey, views, cancellationToken);
        // A pending photo's original is not there yet: its owner gets the link once the upload is complete.
        var original = isOwner && photo.IsVisible ? await store.PresignDownloadAsync(PhotoKeys.Original(photo), views, cancellationToken) : null;
        return new PhotoJson(photo.PhotoId, photo.Owner, photo.Title, photo.Description, photo.Tags, photo.ContentType,
            photo.Size, photo.Width, photo.Height, photo.CreatedAtText, StateText(photo.ImageState),
            isOwner ? photo.ImageProblem : null, display?.AbsoluteUri, thumbnail?.AbsoluteUri, original?.AbsoluteUri);
    }

    public static async Task<IReadOnlyList<PhotoJson>> ToJsonAsync(
        IReadOnlyList<Photo> photos, string viewer, IPhotoStore store, PhotoLimits limits, CancellationToken cancellationToken)
    {
        var views = new PhotoJson[photos.Count];
        for (var i = 0; i < photos.Count; i++) views[i] = await ToJsonAsync(photos[i], viewer, store, limits, cancellationToken);
        return views;
    }

    /// <summary>The state as the contract writes it: <c>processing</c>, <c>ready</c>, <c>failed</c>.</summary>
    public static string StateText(ImageState state) => state.ToString().ToLowerInvariant();

    public static UploadJson ToJson(PresignedUpload upload) =>
        new(upload.Method, upload.Url.AbsoluteUri, upload.Fields, Photo.FormatTime(upload.ExpiresAt));
}
