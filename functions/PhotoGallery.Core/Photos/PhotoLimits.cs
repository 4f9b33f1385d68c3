namespace PhotoGallery.Core.Photos;

/// <summary>Sizes and lifetimes for photos. The defaults are the contract's; a deployment may raise the maximum size.</summary>
public sealed record PhotoLimits
{
    public const int MiB = 1024 * 1024;

    /// <summary>Largest photo accepted through the presigned upload.</summary>
    public long MaxPhotoBytes { get; init; } = 50 * MiB;

    /// <summary>Largest photo sent inline as base64: its JSON must stay under Lambda's 6 MB payload limit.</summary>
    public int MaxInlineBytes { get; init; } = 4 * MiB;

    public int MaxThumbnailBytes { get; init; } = 512 * 1024;

    /// <summary>How long a presigned upload URL stays valid.</summary>
    public TimeSpan UploadLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a pending photo waits for its bytes before it is forgotten.</summary>
    public TimeSpan PendingLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long an image or thumbnail URL in a response stays valid.</summary>
    public TimeSpan ViewLifetime { get; init; } = TimeSpan.FromHours(1);

    public static PhotoLimits Default { get; } = new();

    /// <summary>
    /// The defaults, with the maximum photo size taken from <c>MAX_PHOTO_MB</c> when it is set.
    /// A value that is set but not a positive number stops the function at start.
    /// </summary>
    public static PhotoLimits FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("MAX_PHOTO_MB");
        if (string.IsNullOrEmpty(text)) return Default;
        if (!int.TryParse(text, out var megabytes) || megabytes < 1)
            throw new InvalidOperationException($"MAX_PHOTO_MB must be a whole number of MiB, at least 1; got '{text}'.");
        return new PhotoLimits { MaxPhotoBytes = (long)megabytes * MiB };
    }
}
