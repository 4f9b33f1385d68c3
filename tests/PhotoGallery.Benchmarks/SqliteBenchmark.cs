using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;
using PhotoGallery.Local;
using PhotoGallery.Local.Catalog;
using PhotoGallery.Local.Users;
using static PhotoGallery.Benchmarks.Alternation;
using static PhotoGallery.Benchmarks.Statistics;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// The embedded catalog (what the local host runs by default): one SQLite file per size, filled in bulk, the
/// adapter called in process (no HTTP, so the ratios are the catalog's own). With --plans, each search plan
/// forced, beside the chosen one, to show why it is chosen: the two over the prefix rows, and the plan from before
/// them (count each word's rows, then start from the rarest or walk the newest photos) with each of its halves.
/// Then the same searches as a user makes them, through HTTP: one local host per size on its catalog (route,
/// authorizer, proxy event, the search function, signed image URLs, JSON), one request at a time from this process,
/// the sizes again in alternation, asking for gzip as browsers do. That is how the issue measured (1.67/2.7 ms at 1k);
/// it adds work that hardly depends on the gallery's size, so its ratios are gentler than the catalog's own, which are
/// printed first.
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
                // Each size in a data folder of its own, where a local host finds it (catalog.db) for the HTTP round.
                var data = Path.Combine(folder.FullName, $"gallery-{size}");
                LocalFiles.CreateFolder(data); // private, as a host wants its data folder
                var path = Path.Combine(data, "catalog.db");
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
            Console.WriteLine();

            await ThroughHttpAsync(folder, sizes, rounds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// <c>GET /search?q=…&amp;limit=24</c> with a signed-in user's token, to a local host per size on the catalogs filled
    /// above, each answer checked for 200; wall-clock time (the host's threads do the work, so this thread's CPU
    /// time says nothing). The functions' log lines (one per request, on stdout) are discarded while it runs.
    /// </summary>
    private static async Task ThroughHttpAsync(DirectoryInfo folder, int[] sizes, int rounds)
    {
        var report = Console.Out;
        var hosts = new List<LocalHost>();
        var clients = new List<HttpClient>();
        var targets = new List<Target>();
        Console.SetOut(TextWriter.Null);
        try
        {
            foreach (var size in sizes)
            {
                var data = Path.Combine(folder.FullName, $"gallery-{size}");
                var host = await LocalHost.StartAsync(new LocalHostOptions
                {
                    Port = 0,
                    DataDirectory = data,
                    FrontendDirectory = Path.Combine(GatewayBenchmark.RepositoryRoot(), "frontend"),
                    Console = TextWriter.Null,
                });
                hosts.Add(host);
                var user = new LocalUser("bench", Guid.NewGuid().ToString(), "Bench Mark", "bench@example.com");
                var token = GatewayBenchmark.IdToken(data, host.Backend.SigningKey.KeyId, host.Backend.Pool.Issuer, host.Backend.Pool.ClientId, user, TimeSpan.FromHours(1));
                // Browsers ask for gzip, and the host compresses JSON of 1 KiB or more (as the stack's API Gateway does).
                var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip }) { BaseAddress = host.BaseUrl };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                clients.Add(client);
                targets.Add(new Target(size, "search through HTTP (local host)", query => SearchAsync(client, query)));
                await CheckAnswersAsync(client, SqlitePhotoIndex.Open(Path.Combine(data, "catalog.db"), TimeProvider.System));
            }
            // More warm-up than the catalog's own round: the host's code (Kestrel, the authorizer, the function, JSON) is
            // compiled again by the JIT's tiers over its first few thousand requests, on a background thread that
            // shares the two cores with the measured ones.
            for (var pass = 0; pass < HttpWarmUpPasses; pass++)
                foreach (var query in Queries.All)
                    foreach (var target in targets) await target.RunAsync(query);
            await Alternation.RunAsync(targets, Queries.All, rounds);
        }
        finally
        {
            Console.SetOut(report);
            foreach (var client in clients) client.Dispose();
            foreach (var host in hosts) await host.DisposeAsync();
        }
        Console.WriteLine("Through HTTP, as a user searches (`GET /search?q=…&limit=24` with gzip to a local host on each catalog, one request at a time, wall clock):");
        Console.WriteLine();
        Report.Latency(targets);
    }

    /// <summary>Before any timing: the host answers every query with the photos the catalog gives in process, in order.</summary>
    private static async Task CheckAnswersAsync(HttpClient client, SqlitePhotoIndex catalog)
    {
        foreach (var query in Queries.All)
        {
            var expected = (await catalog.SearchAsync(SearchQuery.Parse(query), new PageRequest(24, null), default)).Photos.Select(photo => photo.PhotoId);
            using var answer = JsonDocument.Parse(await SearchAsync(client, query));
            var found = answer.RootElement.GetProperty("photos").EnumerateArray().Select(photo => photo.GetProperty("photoId").GetString());
            if (!found.SequenceEqual(expected))
                throw new InvalidOperationException($"GET /search?q={query} did not answer the catalog's page ({found.Count()} photos against {expected.Count()}).");
        }
    }

    private const int HttpWarmUpPasses = 30;

    private static async Task<string> SearchAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"search?q={Uri.EscapeDataString(query)}&limit=24");
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET /search?q={query}: expected 200, got {(int)response.StatusCode}: {body}");
        return body;
    }
}
