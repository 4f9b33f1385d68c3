using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Benchmarks;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;
using PhotoGallery.Emulators;

// Search latency on the DynamoDB emulator (dynalite), our Query-based search beside the original lab's Scan,
// at 1k and 10k photos (and 100k with --large), in one run. Prints Markdown tables for docs/performance.md.
var sizes = args.Contains("--large") ? new[] { 1_000, 10_000, 100_000 } : [1_000, 10_000];
const int Repeats = 5, PageSize = 24;
var cancel = CancellationToken.None;

await using var emulators = await EmulatorSet.StartAsync(Console.Error.WriteLine, cancel);
await emulators.CreateTableAsync("photos", cancel);
var counter = new ReadCounter();
using var dynamo = new AmazonDynamoDBClient(EmulatorSet.Credentials, new AmazonDynamoDBConfig
{
    ServiceURL = emulators.DynamoDbUrl.ToString(), AuthenticationRegion = EmulatorSet.Region, HttpClientFactory = counter,
});
var index = new DynamoDbPhotoIndex(dynamo, emulators.DynamoDbSettings("photos"), TimeProvider.System);
var baseline = new LabScanBaseline(dynamo, "lab-photos");
await baseline.CreateTableAsync(cancel);

var gallery = new SyntheticGallery();
string[] queries =
[
    "sunset", "beach", "mountain", "city", "night", "portrait", "river", "coffee", "castle", "museum", // common words
    "su", "be", "mo", "ci", "ph", "s", "b",                                                           // short prefixes
    gallery.Vocabulary[1500], gallery.Vocabulary[2500], gallery.Vocabulary[3500], gallery.Vocabulary[4500], gallery.Vocabulary[5500], // rare
    "sunset beach", "city night", "old bridge", "summer lake", "dog park", "the sea",                  // two words
];
var searches = queries.Select(SearchQuery.Parse).ToList();

var latency = new List<string>();
var writes = new List<string>();
var written = 0;
var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
foreach (var size in sizes)
{
    var photos = Enumerable.Range(written, size - written).Select(i => gallery.Next(start.AddSeconds(i * 37))).ToList();
    var seeding = Stopwatch.StartNew();
    await Parallel.ForEachAsync(photos, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (photo, token) => await index.SaveAsync(photo, token));
    foreach (var batch in photos.Select(LabScanBaseline.Item).Chunk(25))
        await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { ["lab-photos"] = [.. batch] } }, cancel);
    written = size;
    var termItems = photos.Sum(p => SearchTerms.For(p).Count);
    Console.Error.WriteLine($"[benchmark] {size:N0} photos stored ({seeding.Elapsed.TotalSeconds:F0} s); measuring...");
    writes.Add(Row(size, F(1 + termItems / (double)photos.Count), F(1 + termItems / (double)photos.Count), "1", "1"));

    foreach (var search in searches) await index.SearchAsync(search, new PageRequest(PageSize, null), cancel); // warm up
    var ours = new List<double>();
    counter.Reset();
    for (var round = 0; round < Repeats; round++)
    {
        foreach (var search in searches)
        {
            var timer = Stopwatch.StartNew();
            await index.SearchAsync(search, new PageRequest(PageSize, null), cancel);
            ours.Add(timer.Elapsed.TotalMilliseconds);
        }
    }
    var runs = (double)(Repeats * searches.Count);
    latency.Add(Row(size, "Query on term items (ours), first page of 24", F(Percentile(ours, 50)), F(Percentile(ours, 95)),
        F((counter.TermItems + counter.PhotoItems) / runs), $"≈{F(counter.EstimatedReadUnits / runs)} (estimated)"));

    var scans = new List<double>();
    double scanned = 0, capacity = 0;
    foreach (var search in searches)
    {
        var timer = Stopwatch.StartNew();
        var result = await baseline.SearchAsync(search.Words, cancel);
        scans.Add(timer.Elapsed.TotalMilliseconds);
        scanned += result.Scanned;
        capacity += result.Capacity;
    }
    latency.Add(Row(size, "Scan with contains filters (original lab), all pages", F(Percentile(scans, 50)), F(Percentile(scans, 95)),
        F(scanned / searches.Count), $"{F(capacity / searches.Count)} (reported)"));
}

Console.WriteLine($"Search latency, {searches.Count} queries ({string.Join(", ", queries.Take(3))}, ... see Program.cs); ours repeated {Repeats}x:");
Console.WriteLine();
Console.WriteLine("| photos | approach | p50 ms | p95 ms | items read / search | read units / search |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|");
latency.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine("Write cost per photo:");
Console.WriteLine();
Console.WriteLine("| photos | items written (ours) | write units (ours) | items written (lab) | write units (lab) |");
Console.WriteLine("|---:|---:|---:|---:|---:|");
writes.ForEach(Console.WriteLine);

static double Percentile(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static string F(double value) => value.ToString(value >= 100 ? "F0" : "0.##", CultureInfo.InvariantCulture);

static string Row(int size, params string[] cells) => $"| {size.ToString("N0", CultureInfo.InvariantCulture)} | {string.Join(" | ", cells)} |";
