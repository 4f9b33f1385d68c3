namespace PhotoGallery.Core.Photos;

public enum PhotoStatus
{
    /// <summary>Metadata saved, bytes still being uploaded: never listed or found.</summary>
    Pending,

    /// <summary>Bytes checked and stored: listed and searchable.</summary>
    Complete,
}

/// <summary>A photo's metadata as the catalog keeps it.</summary>
public sealed record Photo
{
    public required string PhotoId { get; init; }
    public required string Owner { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required long Size { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public PhotoStatus Status { get; init; }
    public bool HasThumbnail { get; init; }

    /// <summary>When an unfinished (pending) photo is forgotten; <c>null</c> once complete.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public bool IsVisible => Status == PhotoStatus.Complete;

    /// <summary>The words search matches against: title, description, tags and owner, through the one tokenizer.</summary>
    public IReadOnlySet<string> SearchWords() =>
        Search.Tokenizer.WordSet([Title, Description, Owner, .. Tags]);

    /// <summary>The creation time as stored and shown: ISO 8601 UTC with milliseconds, sortable as text.</summary>
    public string CreatedAtText => FormatTime(CreatedAt);

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
