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

    /// <summary>A URL the client can PUT the bytes to directly, with the content type signed in.</summary>
    Task<PresignedUpload> PresignUploadAsync(string key, string contentType, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>
    /// A URL that serves the object to whoever holds it, signed for the <paramref name="window"/> the store's
    /// clock is in: the same key gets the same URL throughout a window (so a browser's cache can serve it
    /// again), and the object comes with <see cref="SigningWindow.CacheControl"/>.
    /// </summary>
    Task<Uri> PresignDownloadAsync(string key, SigningWindow window, CancellationToken cancellationToken);
}

/// <param name="Version">What identifies these exact bytes (S3's ETag): it changes when the object is replaced.</param>
public sealed record StoredObject(long Size, string ContentType, string Version);

public sealed record PresignedUpload(string Method, Uri Url, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);
