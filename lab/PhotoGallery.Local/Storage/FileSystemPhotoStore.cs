using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// Photo bytes in a folder, one file per key (the same keys as the S3 bucket). Uploads are presigned form
/// POSTs to <c>/_local/storage/</c> and downloads signed, expiring URLs at <c>/_local/storage/&lt;key&gt;</c>,
/// both served by the local host (<see cref="StorageEndpoint"/>) as S3 serves them.
/// </summary>
public sealed partial class FileSystemPhotoStore(string root, LocalUrlSigner signer, Func<Uri> baseUrl) : IPhotoStore
{
    public const string RoutePrefix = "/_local/storage/";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>
    /// Raised once an object is in place under its key (a put, a copy, an upload through a signed URL), as
    /// S3 emits <c>ObjectCreated</c>: the local host turns it into the S3 event of every function it triggers.
    /// Handlers must return at once and not throw.
    /// </summary>
    public event Action<ObjectCreated>? ObjectCreated;

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(key, ObjectCreatedKind.Put, async (file, hash) =>
        {
            hash?.AppendData(content.Span);
            await file.WriteAsync(content, cancellationToken);
        });

    public async Task CopyAsync(string sourceKey, string destinationKey, string? ifVersion, CancellationToken cancellationToken)
    {
        await using var source = OpenRead(sourceKey) ?? throw new GalleryException(
            ErrorCode.UploadIncomplete, "The photo's bytes are not in storage (any more); upload them again.");
        // Checked on the open file: a replacement written afterwards is a new file and cannot reach this copy.
        if (ifVersion is not null && VersionOf(new FileInfo(source.Name)) != ifVersion)
            throw new GalleryException(ErrorCode.UploadMismatch, "The upload changed while it was being checked; upload it again.");
        await WriteAtomicallyAsync(destinationKey, ObjectCreatedKind.Copy, (file, hash) => CopyAsync(source, file, hash, cancellationToken));
    }

    /// <summary>
    /// Stores a form upload's bytes as they arrive (<c>ObjectCreated:Post</c>). If reading them fails part-way
    /// (the client went away, or <see cref="SizeBoundStream"/> found them too large), nothing is stored.
    /// </summary>
    public Task WriteUploadAsync(string key, Stream content, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(key, ObjectCreatedKind.Post, (file, hash) => CopyAsync(content, file, hash, cancellationToken));

    /// <summary>
    /// Readers see the old file or the whole new one, never half: write aside, then rename. Then, with
    /// someone listening, <see cref="ObjectCreated"/> with the bytes' MD5 (S3's ETag of a single-part upload).
    /// </summary>
    private async Task WriteAtomicallyAsync(string key, ObjectCreatedKind kind, Func<FileStream, IncrementalHash?, Task> write)
    {
        var path = PathOf(key);
        LocalFiles.CreateFolder(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        using var hash = ObjectCreated is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long size;
        try
        {
            // Created 600 like everything in the data folder (LocalFiles).
            await using (var file = LocalFiles.OpenPrivate(temporary, FileMode.CreateNew, useAsync: true))
            {
                await write(file, hash);
                size = file.Length;
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        if (hash is not null) ObjectCreated?.Invoke(new ObjectCreated(key, kind, size, Convert.ToHexStringLower(hash.GetHashAndReset())));
    }

    private static async Task CopyAsync(Stream source, FileStream file, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        if (hash is null)
        {
            await source.CopyToAsync(file, cancellationToken);
            return;
        }
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>
    /// Publishes an object already stored as if it had just been written (<c>ObjectCreated:Put</c>, its bytes' MD5 as
    /// the ETag): for events the host could not deliver before it stopped. False when the object is not there.
    /// </summary>
    public async Task<bool> PublishAgainAsync(string key, CancellationToken cancellationToken)
    {
        await using var file = OpenRead(key);
        if (file is null) return false;
        // S3's ETag of a single-part upload, as WriteAtomicallyAsync computes it.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        ObjectCreated?.Invoke(new ObjectCreated(key, ObjectCreatedKind.Put, file.Length, Convert.ToHexStringLower(hash.GetHashAndReset())));
        return true;
    }

    public Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new StoredObject(file.Length, PhotoKeys.ContentTypeOf(key), VersionOf(file)) : null);
    }

    public async Task<byte[]> ReadStartAsync(string key, int maxBytes, CancellationToken cancellationToken)
    {
        // As on S3: bytes that are not there (any more) mean the upload has to be done again.
        await using var file = OpenRead(key) ?? throw new GalleryException(
            ErrorCode.UploadIncomplete, "The photo's bytes are not in storage (any more); upload them again.");
        var buffer = new byte[(int)Math.Min(maxBytes, file.Length)];
        await file.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    /// <summary>
    /// A presigned POST to the folder's form-upload URL (<c>/_local/storage/</c>, the bucket's address), with
    /// the fields S3's would have: the key, the content type, and a signed policy binding both and the size.
    /// </summary>
    public Task<PresignedUpload> PresignUploadAsync(string key, string contentType, long size, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (!IsValidKey(key)) throw new ArgumentException($"Not a photo storage key: '{key}'.", nameof(key));
        var (policy, signature, expires) = signer.SignUpload(key, contentType, size, lifetime);
        var fields = new Dictionary<string, string>
        {
            ["key"] = key,
            ["Content-Type"] = contentType,
            ["policy"] = policy,
            [LocalUrlSigner.PolicySignatureField] = signature,
        };
        return Task.FromResult(new PresignedUpload("POST", new Uri(baseUrl(), RoutePrefix), fields, expires));
    }

    public Task<Uri> PresignDownloadAsync(string key, SigningWindow window, CancellationToken cancellationToken)
    {
        var (expires, signature) = signer.SignDownload(key, window);
        return Task.FromResult(UrlOf(key, expires, signature, window.CacheControl));
    }

    /// <summary>The file for a key, or <c>null</c> when nothing is stored under it.</summary>
    public FileStream? OpenRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    /// <summary>Replacing a file renames a new one over it, so its length and write time change together.</summary>
    private static string VersionOf(FileInfo file) =>
        $"{file.Length}-{file.LastWriteTimeUtc.Ticks}";

    /// <summary>Only keys the gallery itself makes are valid, so a URL can never reach outside the folder.</summary>
    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    private Uri UrlOf(string key, long expires, string signature, string? cacheControl = null) => new(baseUrl(),
        $"{RoutePrefix}{key}?" +
        (cacheControl is null ? "" : $"{LocalUrlSigner.CacheControlParameter}={Uri.EscapeDataString(cacheControl)}&") +
        $"{LocalUrlSigner.ExpiresParameter}={expires}&{LocalUrlSigner.SignatureParameter}={signature}");

    private string PathOf(string key)
    {
        if (!IsValidKey(key)) throw new ArgumentException($"Not a photo storage key: '{key}'.", nameof(key));
        return Path.Combine(Root, key);
    }

    [GeneratedRegex(@"^(photos|uploads)/[0-9A-HJKMNP-TV-Z]{26}/(original\.(jpg|png|gif|webp)|thumbnail\.jpg|display\.jpg)$")]
    private static partial Regex KeyPattern();
}

/// <summary>How an object came to be: written (<c>ObjectCreated:Put</c>), copied from another key (<c>ObjectCreated:Copy</c>) or uploaded with a form (<c>ObjectCreated:Post</c>).</summary>
public enum ObjectCreatedKind
{
    Put,
    Copy,
    Post,
}

/// <summary>An object just stored under <paramref name="Key"/>, whole.</summary>
/// <param name="ETag">The hex MD5 of its bytes, as S3's ETag of a single-part upload (without quotes).</param>
public sealed record ObjectCreated(string Key, ObjectCreatedKind Kind, long Size, string ETag);
