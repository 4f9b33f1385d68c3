using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Core.Services;

/// <summary>
/// Finishing a presigned upload: the client POSTed the bytes straight to storage under <c>uploads/</c>, so
/// before the photo becomes visible we check what actually arrived (present, the declared size, the
/// declared type) and only then copy it to where photos are shown (see <see cref="PhotoKeys"/>).
/// </summary>
public static class PhotoUploads
{
    /// <summary>Enough of a file to find its type and, for almost every image, its pixel size.</summary>
    public const int HeaderBytes = 256 * 1024;

    public static async Task<Photo> VerifyAsync(Photo pending, IPhotoStore store, CancellationToken cancellationToken)
    {
        var upload = PhotoKeys.Upload(pending);
        var stored = await store.HeadAsync(upload, cancellationToken) ?? throw new GalleryException(
            ErrorCode.UploadIncomplete, "The photo's bytes have not arrived yet: send them to the upload URL, then complete.");
        CheckSize(stored.Size, pending.Size);

        // The upload URL stays valid a while, so the bytes could change between checks. Copy only the
        // version just measured, then check the copy itself: nobody but addphoto writes under photos/.
        var shown = PhotoKeys.Original(pending);
        await store.CopyAsync(upload, shown, stored.Version, cancellationToken);
        var copied = await store.HeadAsync(shown, cancellationToken);
        CheckSize(copied?.Size ?? 0, pending.Size);
        var image = PhotoDraft.CheckImageType(
            await store.ReadStartAsync(shown, HeaderBytes, cancellationToken), pending.ContentType, "The uploaded file");

        return pending with
        {
            Status = PhotoStatus.Complete,
            ExpiresAt = null,
            Width = image.Width,
            Height = image.Height,
        };
    }

    private static void CheckSize(long stored, long declared)
    {
        if (stored != declared)
            throw new GalleryException(ErrorCode.UploadMismatch,
                $"The upload holds {stored} bytes but the photo was declared as {declared}; upload it again.");
    }
}
