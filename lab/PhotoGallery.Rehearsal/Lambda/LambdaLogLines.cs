using System.Globalization;

namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>The lines Lambda itself adds to a function's log stream, in its words and layout (tab-separated fields).</summary>
public static class LambdaLogLines
{
    public static string Start(string requestId) => $"START RequestId: {requestId} Version: $LATEST";

    public static string End(string requestId) => $"END RequestId: {requestId}";

    /// <param name="initDuration">Only on the invocation that cold-started its instance.</param>
    /// <param name="errorType">For a failed invocation: adds <c>Status: error</c> (or <c>timeout</c>) and the type.</param>
    public static string Report(
        string requestId, TimeSpan duration, int memorySizeMb, int maxMemoryUsedMb, TimeSpan? initDuration,
        string? status = null, string? errorType = null)
    {
        var line = $"REPORT RequestId: {requestId}\tDuration: {Ms(duration)} ms\tBilled Duration: {Billed(duration, initDuration)} ms\t" +
                   $"Memory Size: {memorySizeMb} MB\tMax Memory Used: {maxMemoryUsedMb} MB";
        if (initDuration is { } init) line += $"\tInit Duration: {Ms(init)} ms";
        if (status is not null) line += $"\tStatus: {status}";
        if (errorType is not null) line += $"\tError Type: {errorType}";
        return line;
    }

    public static string InitReport(TimeSpan initDuration, string status, string? errorType) =>
        $"INIT_REPORT Init Duration: {Ms(initDuration)} ms\tPhase: init\tStatus: {status}" +
        (errorType is null ? "" : $"\tError Type: {errorType}");

    public static string TimedOut(DateTimeOffset at, string requestId, TimeSpan elapsed) =>
        $"{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)} {requestId} " +
        $"Task timed out after {elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds";

    /// <summary>Lambda's message for a runtime process that ended: Go's wording of an exit status or signal.</summary>
    public static string RuntimeExited(string requestId, int exitCode) =>
        $"RequestId: {requestId} Error: Runtime exited with error: {ExitStatus(exitCode)}";

    public static string ExitStatus(int exitCode) => exitCode switch
    {
        // .NET reports a child killed by signal N as 128 + N.
        128 + 6 => "signal: aborted (core dumped)",
        128 + 9 => "signal: killed",
        128 + 11 => "signal: segmentation fault (core dumped)",
        128 + 15 => "signal: terminated",
        _ => $"exit status {exitCode}",
    };

    /// <summary>Since August 2025 Lambda bills the init phase of on-demand functions as well.</summary>
    public static long BilledMs(TimeSpan duration, TimeSpan? initDuration) =>
        (long)Math.Ceiling(duration.TotalMilliseconds + (initDuration?.TotalMilliseconds ?? 0));

    private static string Billed(TimeSpan duration, TimeSpan? initDuration) =>
        BilledMs(duration, initDuration).ToString(CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture);
}
