namespace PhotoGallery.Testing;

/// <summary>
/// A clock the test moves by hand, to reach expiry times without waiting. Frozen by default: time stands
/// still until <see cref="Advance"/>, so a test can name exact instants. <see cref="Running"/> follows real
/// time instead (plus what the test advanced), for a host a browser talks to, where things done one after
/// another must still get distinct times. Thread-safe: a running host reads it while the test advances it.
/// For timers and timeouts driven by the test's clock, use <c>FakeTimeProvider</c>: this clock only tells the time.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private readonly Func<DateTimeOffset> _start;
    private long _advancedTicks;

    /// <summary>A clock frozen at <paramref name="start"/>.</summary>
    public ManualClock(DateTimeOffset start) => _start = () => start;

    /// <summary>A clock frozen at the moment it is made.</summary>
    public ManualClock() : this(DateTimeOffset.UtcNow) { }

    private ManualClock(TimeProvider follows) => _start = follows.GetUtcNow;

    /// <summary>A clock that keeps moving with real time, ahead by whatever the test advances it.</summary>
    public static ManualClock Running() => new(TimeProvider.System);

    public override DateTimeOffset GetUtcNow() => _start() + TimeSpan.FromTicks(Interlocked.Read(ref _advancedTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _advancedTicks, by.Ticks);
}
