using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace PhotoGallery.Benchmarks;

/// <summary>One thing to time at one gallery size (a search plan, a backend), and what it consumed.</summary>
public sealed record Target(int Size, string Name, Func<string, Task> RunAsync)
{
    public Dictionary<string, List<double>> Milliseconds { get; } = [];

    /// <summary>
    /// CPU time of the measuring thread: the whole cost of an operation that completes synchronously (the SQLite
    /// adapter), and, unlike wall time, not inflated when other processes take the core away mid-operation.
    /// </summary>
    public Dictionary<string, List<double>> CpuMilliseconds { get; } = [];
}

/// <summary>
/// Times every query on every target in alternation, so a busy machine slows every size alike and the ratios
/// between sizes stay honest: a warm-up round first, discarded, then rounds in which each query runs once on
/// every target, the targets in an order that rotates from query to query and round to round.
/// </summary>
public static class Alternation
{
    /// <param name="before">called just before each timed operation (not the warm-up's), e.g. to zero a meter</param>
    /// <param name="after">called just after each timed operation</param>
    public static async Task RunAsync(IReadOnlyList<Target> targets, IReadOnlyList<string> queries, int rounds,
        Action<Target, string>? after = null, Action? before = null)
    {
        foreach (var query in queries)
            foreach (var target in targets) await target.RunAsync(query); // warm-up: JIT, caches, emulator; not recorded
        var turn = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var query in queries)
            {
                turn++;
                for (var k = 0; k < targets.Count; k++)
                {
                    var target = targets[(k + turn) % targets.Count];
                    before?.Invoke();
                    var cpu = ThreadCpuMilliseconds();
                    var timer = Stopwatch.StartNew();
                    await target.RunAsync(query);
                    var elapsed = timer.Elapsed.TotalMilliseconds;
                    cpu = ThreadCpuMilliseconds() - cpu;
                    after?.Invoke(target, query);
                    Add(target.Milliseconds, query, elapsed);
                    Add(target.CpuMilliseconds, query, cpu);
                }
            }
            if (rounds <= 20 || (round + 1) % 10 == 0 || round + 1 == rounds) Console.Error.WriteLine($"[benchmark] round {round + 1} of {rounds} done");
        }
    }

    private static void Add(Dictionary<string, List<double>> samples, string query, double value)
    {
        if (!samples.TryGetValue(query, out var list)) samples[query] = list = [];
        list.Add(value);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    private static double ThreadCpuMilliseconds() =>
        OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var time) == 0 ? time.Seconds * 1e3 + time.Nanoseconds / 1e6 : double.NaN;

    public static string F(double value) =>
        value.ToString(value >= 100 ? "F0" : value >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture);

    public static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
