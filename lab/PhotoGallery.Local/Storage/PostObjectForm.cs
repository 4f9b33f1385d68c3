using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// A browser form upload (S3's POST Object) as it arrives: the fields before the file, read whole, and the
/// file part left unread, so its bytes can be counted (and refused) as they come. As on S3, the file is
/// the part named <c>file</c>, nothing after it counts, and the fields before it may hold 20 KiB at most.
/// </summary>
public sealed class PostObjectForm
{
    /// <summary>S3's limit on what precedes the file (its <c>MaxPostPreDataLengthExceededError</c>).</summary>
    public const int MaxFieldBytes = 20 * 1024;

    private PostObjectForm(Dictionary<string, string> fields, Stream? file)
    {
        Fields = fields;
        File = file;
    }

    /// <summary>The fields before the file, by name (any case).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>The file's bytes, still arriving; <c>null</c> when the form has no file part.</summary>
    public Stream? File { get; }

    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;

    /// <summary>A POST whose body is <c>multipart/form-data</c>, as a form upload's is.</summary>
    public static bool IsFormUpload(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads up to the file part. Throws <see cref="InvalidDataException"/> for a body that is not such a form.</summary>
    public static async Task<PostObjectForm> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            throw new InvalidDataException("The form has no multipart boundary.");
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = MaxFieldBytes };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var read = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data") || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                throw new InvalidDataException("A part of the form is not a named form-data field.");
            if (name.Equals(PhotoGallery.Core.Ports.PresignedUpload.FileField, StringComparison.OrdinalIgnoreCase))
                return new PostObjectForm(fields, section.Body);
            var value = await ReadFieldAsync(section.Body, MaxFieldBytes - read, cancellationToken);
            read += Encoding.UTF8.GetByteCount(value) + name.Length;
            // The first of a repeated field counts, as on S3.
            fields.TryAdd(name, value);
        }
        return new PostObjectForm(fields, null);
    }

    /// <summary>How much of a refused upload's body is still read (and dropped) so its sender gets the answer.</summary>
    public const int DrainBytes = 1024 * 1024;

    /// <summary>
    /// Reads what is left of a refused upload's body, at most <see cref="DrainBytes"/>: <c>true</c> when it
    /// ended there (the connection can answer and go on), <c>false</c> when more is coming (cut it instead).
    /// </summary>
    public static async Task<bool> EndsWithinAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        for (var read = 0; read <= DrainBytes;)
        {
            var count = await body.ReadAsync(buffer, cancellationToken);
            if (count == 0) return true;
            read += count;
        }
        return false;
    }

    private static async Task<string> ReadFieldAsync(Stream body, int room, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int count;
        while ((count = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, count);
            if (buffer.Length > room) throw new InvalidDataException($"The fields before the file hold more than {MaxFieldBytes} bytes.");
        }
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

/// <summary>
/// The file of a form upload, read through: counts its bytes and stops with <see cref="UploadSizeException"/>
/// the moment there are more than <c>maximum</c> (so nothing past the limit is ever written), or at its end
/// when there were fewer than <c>minimum</c>.
/// </summary>
public sealed class SizeBoundStream(Stream inner, long minimum, long maximum) : Stream
{
    private long _count;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // One byte more than the room left: a file of exactly the maximum ends cleanly, a larger one is caught at once.
        var room = (int)Math.Min(buffer.Length, maximum - _count + 1);
        var read = await inner.ReadAsync(buffer[..Math.Max(room, 1)], cancellationToken);
        _count += read;
        if (_count > maximum) throw new UploadSizeException(TooLarge: true, _count, maximum);
        if (read == 0 && _count < minimum) throw new UploadSizeException(TooLarge: false, _count, minimum);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read it asynchronously.");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A form upload's file is outside its policy's <c>content-length-range</c>: S3's EntityTooLarge or EntityTooSmall.</summary>
/// <param name="Received">The bytes that had arrived when it was refused (for a file too large, a lower bound of its size).</param>
public sealed class UploadSizeException(bool TooLarge, long Received, long Limit)
    : Exception(TooLarge ? "Your proposed upload exceeds the maximum allowed size" : "Your proposed upload is smaller than the minimum allowed size")
{
    public bool TooLarge { get; } = TooLarge;
    public long Received { get; } = Received;
    public long Limit { get; } = Limit;

    /// <summary>S3's error code.</summary>
    public string Code => TooLarge ? "EntityTooLarge" : "EntityTooSmall";

    /// <summary>S3's extra elements of the error XML.</summary>
    public string Details => TooLarge
        ? $"<ProposedSize>{Received}</ProposedSize><MaxSizeAllowed>{Limit}</MaxSizeAllowed>"
        : $"<ProposedSize>{Received}</ProposedSize><MinSizeAllowed>{Limit}</MinSizeAllowed>";
}
