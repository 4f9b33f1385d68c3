using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Core.Photos;

/// <summary>
/// Finishing a presigned upload: the client PUT the bytes straight to storage, so before the photo
/// becomes visible we check what actually arrived (present, the declared size, the declared type).
/// </summary>
public static class PhotoUploads
{
    /// <summary>Enough of a file to find its type and, for almost every image, its pixel size.</summary>
    public const int HeaderBytes = 256 * 1024;

    public static async Task<Photo> VerifyAsync(
        Photo pending, IPhotoStore store, PhotoLimits limits, CancellationToken cancellationToken)
    {
        var key = PhotoKeys.Original(pending);
        var stored = await store.HeadAsync(key, cancellationToken) ?? throw new GalleryException(
            ErrorCode.UploadIncomplete, "The photo's bytes have not arrived yet: PUT them to the upload URL, then complete.");
        if (stored.Size != pending.Size)
            throw new GalleryException(ErrorCode.UploadMismatch,
                $"The upload holds {stored.Size} bytes but the photo was declared as {pending.Size}; upload it again.");

        var start = await store.ReadStartAsync(key, HeaderBytes, cancellationToken);
        var image = PhotoDraft.CheckImageType(start, pending.ContentType, "The uploaded file");
        var hasThumbnail = await HasValidThumbnailAsync(pending.PhotoId, store, limits, cancellationToken);
        return pending with
        {
            Status = PhotoStatus.Complete,
            ExpiresAt = null,
            Width = image.Width,
            Height = image.Height,
            HasThumbnail = hasThumbnail,
        };
    }

    private static async Task<bool> HasValidThumbnailAsync(
        string photoId, IPhotoStore store, PhotoLimits limits, CancellationToken cancellationToken)
    {
        var key = PhotoKeys.Thumbnail(photoId);
        var stored = await store.HeadAsync(key, cancellationToken);
        if (stored is null) return false;
        if (stored.Size > limits.MaxThumbnailBytes)
            throw new GalleryException(ErrorCode.PayloadTooLarge,
                $"The uploaded thumbnail is {stored.Size} bytes; keep it under {limits.MaxThumbnailBytes}.");
        PhotoDraft.CheckThumbnail(await store.ReadStartAsync(key, 64, cancellationToken));
        return true;
    }
}
