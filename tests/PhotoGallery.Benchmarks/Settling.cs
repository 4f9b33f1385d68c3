using System.Diagnostics;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// Waits, after a bulk fill, until the emulators are idle. dynalite keeps every item in its JavaScript heap (about 14
/// million at 100k photos with pairs), and V8 goes on collecting that heap for a while after the last write, on the
/// same two cores the timing uses; a timing that starts during those collections measures them, in the tail of
/// every size alike. The wait and what the emulators used are printed with the run.
/// </summary>
internal static class Settling
{
    public sealed record Outcome(TimeSpan Waited, double LastCoreShare, bool Settled);

    /// <summary>
    /// Samples the processes' CPU time over <paramref name="window"/> until it is under <paramref name="coreShare"/> of
    /// one core, or <paramref name="limit"/> has passed.
    /// </summary>
    public static async Task<Outcome> WaitAsync(IEnumerable<int> processIds, TimeSpan window, double coreShare, TimeSpan limit)
    {
        var processes = processIds.Select(Process.GetProcessById).ToList();
        var timer = Stopwatch.StartNew();
        while (true)
        {
            var before = CpuTime(processes);
            await Task.Delay(window);
            var share = (CpuTime(processes) - before) / window;
            if (share < coreShare) return new Outcome(timer.Elapsed, share, Settled: true);
            if (timer.Elapsed >= limit) return new Outcome(timer.Elapsed, share, Settled: false);
            Console.Error.WriteLine($"[benchmark] emulators still busy after the fill: {share:P0} of a core over {window.TotalSeconds:F0} s");
        }
    }

    private static TimeSpan CpuTime(List<Process> processes)
    {
        var total = TimeSpan.Zero;
        foreach (var process in processes)
        {
            process.Refresh();
            total += process.TotalProcessorTime;
        }
        return total;
    }
}
