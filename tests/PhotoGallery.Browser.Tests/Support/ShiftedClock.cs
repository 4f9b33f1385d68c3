namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// The host's clock in browser tests: real time, plus a shift the test can add to make tokens expire
/// without waiting an hour. Unlike a frozen clock, it keeps moving, so photos uploaded one after the
/// other still get distinct times and list newest first.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _shiftTicks;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);
}
