using System.Diagnostics;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;
using PhotoGallery.Local.Catalog;
using static PhotoGallery.Benchmarks.Alternation;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// The embedded catalog (what the local host runs by default): one SQLite file per size, filled in bulk, the
/// adapter called in process (no HTTP, so the ratios are the catalog's own). With --plans, each search plan
/// forced, beside the chosen one, to show why it is chosen: the two over the prefix rows, and the plan from before
/// them (count each word's rows, then start from the rarest or walk the newest photos) with each of its halves.
/// </summary>
public static class SqliteBenchmark
{
    public static async Task RunAsync(int[] sizes, int rounds, bool plans)
    {
        var folder = Directory.CreateTempSubdirectory("photogallery-benchmark-");
        try
        {
            var photos = Queries.Photos(sizes.Max());
            var targets = new List<Target>();
            var lists = new List<Target>();
            var seeding = new List<string>();
            foreach (var size in sizes)
            {
                var path = Path.Combine(folder.FullName, $"catalog-{size}.db");
                var timer = Stopwatch.StartNew();
                var loader = SqlitePhotoIndex.Open(path, TimeProvider.System);
                foreach (var chunk in photos.Take(size).Chunk(10_000)) await loader.SaveManyAsync(chunk, default);
                seeding.Add($"{N(size)} photos in {timer.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1048576.0:F0} MiB)");
                Console.Error.WriteLine($"[benchmark] {seeding[^1]}");

                var variants = new List<(string Name, SearchPlan Plan)> { ("search", SearchPlan.Chosen) };
                if (plans)
                    variants.AddRange([("zig-zag over the prefix rows", SearchPlan.PrefixZigZag), ("sparsest prefix, others probed", SearchPlan.PrefixProbe),
                        ("prefixes merged", SearchPlan.PrefixMerge),
                        ("before: count, then word rows or walk", SearchPlan.CountThenWordRowsOrWalk),
                        ("always from the word rows", SearchPlan.FromWordRows), ("always walking the newest", SearchPlan.WalkNewest)]);
                foreach (var (name, plan) in variants)
                {
                    var index = SqlitePhotoIndex.Open(path, TimeProvider.System, plan);
                    targets.Add(new Target(size, name, query => index.SearchAsync(SearchQuery.Parse(query), new PageRequest(24, null), default)));
                }
                var lister = SqlitePhotoIndex.Open(path, TimeProvider.System);
                lists.Add(new Target(size, "first page of the listing", _ => lister.ListAsync(new PageRequest(24, null), default)));
            }
            Console.WriteLine($"Embedded catalog (SQLite, in process), the first page of 24; filled in bulk: {string.Join("; ", seeding)}.");
            Console.WriteLine();

            await Alternation.RunAsync(targets, Queries.All, rounds);
            Report.Latency(targets, cpu: true);
            Report.PerQuery(targets);

            await Alternation.RunAsync(lists, ["list"], rounds * 20);
            Console.WriteLine("| photos | what | p50 ms | p95 ms | p99 ms |");
            Console.WriteLine("|---:|---|---:|---:|---:|");
            foreach (var list in lists)
            {
                var samples = list.Milliseconds["list"];
                Console.WriteLine($"| {N(list.Size)} | {list.Name} | {F(Percentile(samples, 50))} | {F(Percentile(samples, 95))} | {F(Percentile(samples, 99))} |");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
