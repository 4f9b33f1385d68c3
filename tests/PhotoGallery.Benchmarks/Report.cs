using static PhotoGallery.Benchmarks.Alternation;
using static PhotoGallery.Benchmarks.Statistics;

namespace PhotoGallery.Benchmarks;

/// <summary>The Markdown tables: latency per size with ratios to the smallest size, and p50 per kind of query.</summary>
public static class Report
{
    public static void Latency(IReadOnlyList<Target> targets, Func<Target, string>? extra = null, string? extraHeader = null, bool cpu = false)
    {
        if (cpu)
        {
            Columns(targets, target => target.CpuMilliseconds, "CPU ms");
            Console.WriteLine("Wall-clock time of the same searches:");
            Console.WriteLine();
        }
        Columns(targets, target => target.Milliseconds, "ms", extra, extraHeader);
        Console.WriteLine("p50 ms by kind of query (wall clock):");
        Console.WriteLine();
        Console.WriteLine($"| photos | what | {string.Join(" | ", Queries.Kinds.Select(kind => kind.Kind))} |");
        Console.WriteLine($"|---:|---|{string.Concat(Queries.Kinds.Select(_ => "---:|"))}");
        foreach (var target in targets.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Size))
        {
            var cells = Queries.Kinds.Select(kind => F(Percentile(kind.Texts.SelectMany(q => target.Milliseconds[q]), 50)));
            Console.WriteLine($"| {N(target.Size)} | {target.Name} | {string.Join(" | ", cells)} |");
        }
        Console.WriteLine();
    }

    /// <summary>Median CPU time of every query at every size, one table per plan in the targets' order: where a tail comes from.</summary>
    public static void PerQuery(IReadOnlyList<Target> targets)
    {
        foreach (var name in targets.Select(t => t.Name).Distinct())
        {
            var sized = targets.Where(t => t.Name == name).OrderBy(t => t.Size).ToList();
            Console.WriteLine($"Median CPU ms of each query ({name}):");
            Console.WriteLine();
            Console.WriteLine($"| query | kind | {string.Join(" | ", sized.Select(t => N(t.Size)))} |");
            Console.WriteLine($"|---|---|{string.Concat(sized.Select(_ => "---:|"))}");
            foreach (var query in Queries.All)
                Console.WriteLine($"| `{query}` | {Queries.KindOf(query)} | {string.Join(" | ", sized.Select(t => F(Percentile(t.CpuMilliseconds[query], 50))))} |");
            Console.WriteLine();
        }
    }

    private static void Columns(IReadOnlyList<Target> targets, Func<Target, Dictionary<string, List<double>>> samplesOf, string unit,
        Func<Target, string>? extra = null, string? extraHeader = null)
    {
        Console.WriteLine($"| photos | what | p50 {unit} | p95 {unit} | p99 {unit} | p95 ÷ p95 at {N(targets.Min(t => t.Size))} (90 % interval) | one letter p50 {unit} |{(extraHeader is null ? "" : $" {extraHeader} |")}");
        Console.WriteLine($"|---:|---|---:|---:|---:|---:|---:|{(extraHeader is null ? "" : string.Concat(extraHeader.Split('|').Select(_ => "---:|")))}");
        foreach (var target in targets.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Size))
        {
            var all = samplesOf(target).Values.SelectMany(samples => samples).ToList();
            var smallest = targets.Where(t => t.Name == target.Name).MinBy(t => t.Size)!;
            var oneLetter = Queries.Kinds.Single(kind => kind.Kind == "one letter").Texts.SelectMany(q => samplesOf(target)[q]);
            Console.WriteLine($"| {N(target.Size)} | {target.Name} | {F(Percentile(all, 50))} | {F(Percentile(all, 95))} | {F(Percentile(all, 99))} | " +
                $"{PercentileRatio(samplesOf(target), samplesOf(smallest), 95)} | {F(Percentile(oneLetter, 50))} |{(extra is null ? "" : $" {extra(target)} |")}");
        }
        Console.WriteLine();
    }
}
