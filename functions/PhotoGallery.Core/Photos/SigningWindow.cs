namespace PhotoGallery.Core.Photos;

/// <summary>
/// How download URLs are signed so that browsers can cache the images they fetch. Time is cut into windows
/// of <see cref="Window"/> (counted from the Unix epoch); a URL signed at any moment of a window is signed
/// as of the window's start and expires <see cref="Lifetime"/> after it, so every URL for a key in one window
/// is the same URL, and one handed out at the very end of its window still works for Lifetime − Window.
/// </summary>
public sealed record SigningWindow
{
    /// <summary>SigV4's limit on a presigned URL's lifetime.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    public SigningWindow(TimeSpan window, TimeSpan lifetime)
    {
        if (window < TimeSpan.FromSeconds(1) || window.Ticks % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentOutOfRangeException(nameof(window), window, "The signing window must be a whole number of seconds, at least one.");
        if (lifetime <= window || lifetime > MaxLifetime || lifetime.Ticks % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime,
                $"A URL's lifetime must be whole seconds, longer than its signing window ({window}) and at most {MaxLifetime.TotalDays} days.");
        Window = window;
        Lifetime = lifetime;
    }

    public TimeSpan Window { get; }

    /// <summary>How long a URL is valid, counted from its window's start.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>The start of the window <paramref name="now"/> is in: the time every URL of that window is signed at.</summary>
    public DateTimeOffset SignedAt(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % Window.Ticks, TimeSpan.Zero);
    }

    /// <summary>When the URLs signed in <paramref name="now"/>'s window stop working.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset now) => SignedAt(now) + Lifetime;

    /// <summary>
    /// What a download answers with: private (one user's browser), immutable (the bytes under a key never
    /// change), and fresh for Lifetime − Window, the least time a URL has left when its window ends. So a
    /// response fetched during its URL's window is never reused after the URL itself expires, and, as long
    /// as Lifetime is at least twice Window (the defaults), a revisit anywhere in the same window comes from
    /// the cache.
    /// </summary>
    public string CacheControl => FormattableString.Invariant($"private, max-age={(long)(Lifetime - Window).TotalSeconds}, immutable");
}
