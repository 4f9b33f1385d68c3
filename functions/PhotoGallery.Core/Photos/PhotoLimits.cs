namespace PhotoGallery.Core.Photos;

/// <summary>Sizes and lifetimes for photos. The defaults are the contract's; a deployment may raise the maximum size.</summary>
public sealed record PhotoLimits
{
    public const int MiB = 1024 * 1024;

    /// <summary>
    /// Lambda's limit on a synchronous invocation's request: the whole proxy event (headers, claims, the
    /// body as one JSON string), not just the body. API Gateway answers 413 above it.
    /// </summary>
    public const int LambdaRequestPayloadBytes = 6_291_456;

    /// <summary>
    /// The largest photo sent inline (decoded bytes). An inline photo travels as base64 (a third bigger)
    /// inside the body, which is itself a string inside the event, so with its thumbnail it must leave
    /// room in <see cref="LambdaRequestPayloadBytes"/> for everything else:
    /// base64 of 4 MiB (5,592,408) + base64 of 256 KiB (349,528) = 5,941,936 bytes, leaving 349,520 bytes
    /// (5.6 %). The longest title, description, tags and file name cost at most about 23 KB even if
    /// every character arrived as a \uXXXX escape, and an event envelope with a 1.2 KB ID token in both
    /// header maps, a browser's headers and the authorizer's claims stays under 8 KB: over 300 KiB stays
    /// free (ProxyEventBuilderTests builds that event and holds it to this margin).
    /// (4 MiB with the earlier 512 KiB thumbnail was 6,291,460 bytes of base64 alone: over the limit.)
    /// </summary>
    public const int DefaultMaxInlineBytes = 4 * MiB;

    /// <summary>The largest thumbnail, inline or uploaded. The web page's are 400-pixel JPEGs, far smaller.</summary>
    public const int DefaultMaxThumbnailBytes = 256 * 1024;

    /// <summary>Largest photo accepted through the presigned upload.</summary>
    public long MaxPhotoBytes { get; init; } = 50 * MiB;

    /// <summary>Largest photo sent inline as base64 (see <see cref="DefaultMaxInlineBytes"/> for why).</summary>
    public int MaxInlineBytes { get; init; } = DefaultMaxInlineBytes;

    public int MaxThumbnailBytes { get; init; } = DefaultMaxThumbnailBytes;

    /// <summary>How long a presigned upload URL stays valid.</summary>
    public TimeSpan UploadLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How many uploads one user may have open at once: pending photos whose upload URL has not expired. Each
    /// may bring <see cref="MaxPhotoBytes"/> into the bucket before anything checks it, so this bounds what a
    /// user can put there unchecked (20 × 50 MiB per <see cref="UploadLifetime"/>). The web page opens one at a time.
    /// </summary>
    public int MaxPendingPhotos { get; init; } = DefaultMaxPendingPhotos;

    public const int DefaultMaxPendingPhotos = 20;

    /// <summary>The open uploads one user may have (see <see cref="MaxPendingPhotos"/>).</summary>
    public OpenUploads OpenUploads => new(MaxPendingPhotos, UploadLifetime);

    /// <summary>How long a pending photo waits for its bytes before it is forgotten.</summary>
    public TimeSpan PendingLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Image URLs in responses repeat for this long (see <see cref="SigningWindow"/>): a browser that comes
    /// back within the same hour finds every image it saw in its cache.
    /// </summary>
    public TimeSpan ViewWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an image URL stays valid, counted from the start of its window: one handed out at the end
    /// of its window still works for another <c>ViewLifetime − ViewWindow</c>.
    /// </summary>
    public TimeSpan ViewLifetime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How image URLs are signed: <see cref="ViewWindow"/> and <see cref="ViewLifetime"/> (checked when used).</summary>
    public SigningWindow Views => new(ViewWindow, ViewLifetime);

    public static PhotoLimits Default { get; } = new();

    /// <summary>A limit as people read it: "4 MiB", "256 KiB", or bytes when it is neither.</summary>
    public static string SizeText(long bytes) => bytes switch
    {
        >= MiB when bytes % MiB == 0 => Invariant($"{bytes / MiB} MiB"),
        >= 1024 when bytes % 1024 == 0 => Invariant($"{bytes / 1024} KiB"),
        _ => Invariant($"{bytes} bytes"),
    };

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>
    /// The defaults, with the maximum photo size taken from <c>MAX_PHOTO_MB</c> and the open uploads per
    /// user from <c>MAX_PENDING_PHOTOS</c> when they are set. A value that is set but not a positive whole
    /// number stops the function at start.
    /// </summary>
    public static PhotoLimits FromEnvironment()
    {
        var limits = Default;
        if (PositiveNumber("MAX_PHOTO_MB", "a whole number of MiB") is { } megabytes)
            limits = limits with { MaxPhotoBytes = (long)megabytes * MiB };
        if (PositiveNumber("MAX_PENDING_PHOTOS", "a whole number of uploads") is { } pending)
            limits = limits with { MaxPendingPhotos = pending };
        return limits;
    }

    private static int? PositiveNumber(string variable, string what)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text)) return null;
        if (!int.TryParse(text, out var value) || value < 1)
            throw new InvalidOperationException($"{variable} must be {what}, at least 1; got '{text}'.");
        return value;
    }
}

/// <summary>How many uploads one user may have open at once, and how long an upload stays open (its URL's lifetime).</summary>
public sealed record OpenUploads(int Limit, TimeSpan Lifetime);
