using System.Text.RegularExpressions;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// Photo bytes in a folder, one file per key (the same keys as the S3 bucket). Uploads and downloads go
/// through signed, expiring URLs served by the local host at <c>/_local/storage/&lt;key&gt;</c>.
/// </summary>
public sealed partial class FileSystemPhotoStore(string root, LocalUrlSigner signer, Func<Uri> baseUrl) : IPhotoStore
{
    public const string RoutePrefix = "/_local/storage/";

    public string Root { get; } = Path.GetFullPath(root);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(key, file => file.WriteAsync(content, cancellationToken).AsTask());

    public async Task CopyAsync(string sourceKey, string destinationKey, string? ifVersion, CancellationToken cancellationToken)
    {
        await using var source = OpenRead(sourceKey) ?? throw new GalleryException(
            ErrorCode.UploadIncomplete, "The photo's bytes are not in storage (any more); upload them again.");
        // Checked on the open file: a replacement written afterwards is a new file and cannot reach this copy.
        if (ifVersion is not null && VersionOf(new FileInfo(source.Name)) != ifVersion)
            throw new GalleryException(ErrorCode.UploadMismatch, "The upload changed while it was being checked; upload it again.");
        await WriteAsync(destinationKey, source, cancellationToken);
    }

    public Task WriteAsync(string key, Stream content, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(key, file => content.CopyToAsync(file, cancellationToken));

    /// <summary>Readers see the old file or the whole new one, never half: write aside, then rename.</summary>
    private async Task WriteAtomicallyAsync(string key, Func<FileStream, Task> write)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await write(file);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new StoredObject(file.Length, ContentTypeOf(key), VersionOf(file)) : null);
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

    public Task<PresignedUpload> PresignUploadAsync(string key, string contentType, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var (expires, signature) = signer.Sign("PUT", key, contentType, lifetime);
        var headers = new Dictionary<string, string> { ["Content-Type"] = contentType };
        return Task.FromResult(new PresignedUpload("PUT", UrlOf(key, expires, signature), headers,
            DateTimeOffset.FromUnixTimeSeconds(expires)));
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

    public static string ContentTypeOf(string key) => Path.GetExtension(key) switch
    {
        ".png" => ImageTypes.Png,
        ".gif" => ImageTypes.Gif,
        ".webp" => ImageTypes.Webp,
        _ => ImageTypes.Jpeg,
    };

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
