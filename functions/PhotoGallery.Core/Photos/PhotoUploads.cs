using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Core.Photos;

/// <summary>
/// Finishing a presigned upload: the client PUT the bytes straight to storage under <c>uploads/</c>, so
/// before the photo becomes visible we check what actually arrived (present, the declared size, the
/// declared type) and only then copy it to where photos are shown (see <see cref="PhotoKeys"/>).
/// </summary>
public static class PhotoUploads
{
    /// <summary>Enough of a file to find its type and, for almost every image, its pixel size.</summary>
    public const int HeaderBytes = 256 * 1024;

    public static async Task<Photo> VerifyAsync(
        Photo pending, IPhotoStore store, PhotoLimits limits, CancellationToken cancellationToken)
    {
        var key = PhotoKeys.Upload(pending);
        var stored = await store.HeadAsync(key, cancellationToken) ?? throw new GalleryException(
            ErrorCode.UploadIncomplete, "The photo's bytes have not arrived yet: PUT them to the upload URL, then complete.");
        if (stored.Size != pending.Size)
            throw new GalleryException(ErrorCode.UploadMismatch,
                $"The upload holds {stored.Size} bytes but the photo was declared as {pending.Size}; upload it again.");

        var start = await store.ReadStartAsync(key, HeaderBytes, cancellationToken);
        var image = PhotoDraft.CheckImageType(start, pending.ContentType, "The uploaded file");
        var hasThumbnail = await PublishThumbnailAsync(pending.PhotoId, store, limits, cancellationToken);
        await store.CopyAsync(key, PhotoKeys.Original(pending), cancellationToken);
        return pending with
        {
            Status = PhotoStatus.Complete,
            ExpiresAt = null,
            Width = image.Width,
            Height = image.Height,
            HasThumbnail = hasThumbnail,
        };
    }

    /// <summary>
    /// The thumbnail came inline with the photo (already checked and stored), or was uploaded beside it
    /// (checked and copied now), or there is none.
    /// </summary>
    private static async Task<bool> PublishThumbnailAsync(
        string photoId, IPhotoStore store, PhotoLimits limits, CancellationToken cancellationToken)
    {
        var uploaded = PhotoKeys.UploadedThumbnail(photoId);
        var stored = await store.HeadAsync(uploaded, cancellationToken);
        if (stored is null) return await store.HeadAsync(PhotoKeys.Thumbnail(photoId), cancellationToken) is not null;
        if (stored.Size > limits.MaxThumbnailBytes)
            throw new GalleryException(ErrorCode.PayloadTooLarge,
                $"The uploaded thumbnail is {stored.Size} bytes; keep it under {limits.MaxThumbnailBytes}.");
        PhotoDraft.CheckThumbnail(await store.ReadStartAsync(uploaded, 64, cancellationToken));
        await store.CopyAsync(uploaded, PhotoKeys.Thumbnail(photoId), cancellationToken);
        return true;
    }
}
