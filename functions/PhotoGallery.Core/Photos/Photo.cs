namespace PhotoGallery.Core.Photos;

public enum PhotoStatus
{
    /// <summary>Metadata saved, bytes still being uploaded: never listed or found.</summary>
    Pending,

    /// <summary>Bytes checked and stored: listed and searchable.</summary>
    Complete,
}

/// <summary>Where a photo's server-made images stand.</summary>
public enum ImageState
{
    /// <summary>The original is stored; the thumbnail and display image are being made.</summary>
    Processing,

    /// <summary>Both variants exist (<see cref="Photo.Variants"/>); the width and height are the real, upright ones.</summary>
    Ready,

    /// <summary>The original could not be made into images; <see cref="Photo.ImageProblem"/> says why (shown to its owner).</summary>
    Failed,
}

/// <summary>The keys of the images the gallery shows instead of the original (which keeps the camera's EXIF, GPS included).</summary>
public sealed record PhotoVariants(string ThumbnailKey, string DisplayKey);

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
    public ImageState ImageState { get; init; }
    public PhotoVariants? Variants { get; init; }

    /// <summary>Why the images could not be made, in words for the photo's owner; <c>null</c> unless <see cref="ImageState.Failed"/>.</summary>
    public string? ImageProblem { get; init; }

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
