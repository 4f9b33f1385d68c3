using PhotoGallery.Core.Photos;

namespace PhotoGallery.Core.Ports;

/// <summary>Where photo bytes live (S3 on AWS, a folder locally). Keys come from <see cref="Photos.PhotoKeys"/>.</summary>
public interface IPhotoStore
{
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>Size and type of a stored object, or <c>null</c> when nothing is stored under the key.</summary>
    Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken);

    /// <summary>The first bytes of an object (at most <paramref name="maxBytes"/>), enough to check its format.</summary>
    Task<byte[]> ReadStartAsync(string key, int maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Copies an object to another key inside the store (server-side on S3: the bytes never pass through
    /// the function). With <paramref name="ifVersion"/>, only that version of the source is copied: if the
    /// object changed since it was measured, the copy is refused (<c>UploadMismatch</c>). Copying again onto
    /// the same key is harmless.
    /// </summary>
    Task CopyAsync(string sourceKey, string destinationKey, string? ifVersion, CancellationToken cancellationToken);

    /// <summary>
    /// A presigned POST (an HTML form upload, as S3 takes it) the client sends the bytes to directly: its
    /// signed policy binds the key, the content type and the size, exactly <paramref name="size"/> bytes,
    /// so storage itself refuses anything larger while it arrives (S3's <c>content-length-range</c>).
    /// </summary>
    Task<PresignedUpload> PresignUploadAsync(string key, string contentType, long size, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>
    /// A URL that serves the object to whoever holds it, signed for the <paramref name="window"/> the store's
    /// clock is in: the same key gets the same URL throughout a window (so a browser's cache can serve it
    /// again), and the object comes with <see cref="SigningWindow.CacheControl"/>.
    /// </summary>
    Task<Uri> PresignDownloadAsync(string key, SigningWindow window, CancellationToken cancellationToken);
}

/// <param name="Version">What identifies these exact bytes (S3's ETag): it changes when the object is replaced.</param>
public sealed record StoredObject(long Size, string ContentType, string Version);

/// <summary>
/// A presigned upload: POST <paramref name="Url"/> as <c>multipart/form-data</c> with every one of
/// <paramref name="Fields"/>, in order, then the bytes as the last part, named <see cref="FileField"/>.
/// </summary>
public sealed record PresignedUpload(string Method, Uri Url, IReadOnlyDictionary<string, string> Fields, DateTimeOffset ExpiresAt)
{
    /// <summary>The form part that holds the bytes; S3 reads nothing after it.</summary>
    public const string FileField = "file";
}
