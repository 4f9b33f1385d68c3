using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;
using PhotoGallery.Emulators;
using static PhotoGallery.Benchmarks.Alternation;
using static PhotoGallery.Benchmarks.Statistics;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// The DynamoDB catalog on dynalite or on AWS's DynamoDB Local: one table per size, filled in bulk (BatchWriteItem), our Query-based search
/// timed in alternation across sizes with the capacity DynamoDB reports for each search; then the original lab's
/// Scan on the same photos; then the read and write units of each kind of operation, one at a time.
/// </summary>
public static class DynamoDbBenchmark
{
    public static async Task RunAsync(int[] sizes, int rounds, bool baseline, bool dynamoDbLocal)
    {
        var cancel = CancellationToken.None;
        await using var emulators = dynamoDbLocal
            ? (IDynamoDbEmulator)await DynamoDbLocal.StartAsync(Console.Error.WriteLine, cancel)
            : await EmulatorSet.StartAsync(Console.Error.WriteLine, cancel);
        var meter = new CapacityMeter();
        using var dynamo = new AmazonDynamoDBClient(EmulatorSet.Credentials, new AmazonDynamoDBConfig
        {
            ServiceURL = emulators.DynamoDbUrl.ToString(), AuthenticationRegion = EmulatorSet.Region, HttpClientFactory = meter,
        });
        var photos = Queries.Photos(sizes.Max() + 200);
        var targets = new List<Target>();
        var controls = new List<Target>();
        var scans = new List<Target>();
        var seeding = new List<string>();
        var indexes = new Dictionary<int, DynamoDbPhotoIndex>();
        foreach (var size in sizes)
        {
            var table = $"photos-{size}";
            await emulators.CreateTableAsync(table, cancel);
            var index = new DynamoDbPhotoIndex(dynamo, emulators.DynamoDbSettings(table), TimeProvider.System);
            indexes[size] = index;
            var timer = Stopwatch.StartNew();
            foreach (var chunk in photos.Take(size).Chunk(500)) await index.SaveNewAsync(chunk, cancel);
            var written = meter.Take();
            var lab = new LabScanBaseline(dynamo, $"lab-{size}");
            if (baseline)
            {
                await lab.CreateTableAsync(cancel);
                foreach (var batch in photos.Take(size).Select(LabScanBaseline.Item).Chunk(25))
                    await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [$"lab-{size}"] = [.. batch] } }, cancel);
                scans.Add(new Target(size, "Scan with contains filters (original lab), all pages", async query =>
                    await lab.SearchAsync(SearchQuery.Parse(query).Words, cancel)));
            }
            meter.Take();
            seeding.Add($"{N(size)} photos in {timer.Elapsed.TotalSeconds:F0} s ({N((int)written.WriteUnits)} write units)");
            Console.Error.WriteLine($"[benchmark] {seeding[^1]}");
            targets.Add(new Target(size, "Query on term and pair items (ours)", query =>
                index.SearchAsync(SearchQuery.Parse(query), new PageRequest(24, null), cancel)));
            // The control: one GetItem, whose cost DynamoDB keeps constant at any table size. What it gains with
            // the size on an emulator (on dynalite: a bigger JavaScript heap, longer garbage collections) is the emulator's, not the design's.
            var known = photos[size / 2].PhotoId;
            controls.Add(new Target(size, "GetItem of one photo (control)", _ => index.FindAsync(known, cancel)));
        }
        var settling = await Settling.WaitAsync(emulators.ProcessIds, TimeSpan.FromSeconds(5), coreShare: 0.05, limit: TimeSpan.FromMinutes(10));
        var settled = settling.Settled
            ? $"the emulators were idle {settling.Waited.TotalSeconds:F0} s after the fill ({settling.LastCoreShare:P0} of a core over 5 s)"
            : $"the emulators were still busy {settling.Waited.TotalSeconds:F0} s after the fill ({settling.LastCoreShare:P0} of a core over 5 s), timed anyway";
        var on = emulators is DynamoDbLocal local
            ? $"AWS's DynamoDB Local ({local.Version}, in memory)"
            : $"dynalite (in memory, young generation {EmulatorSet.DynaliteSemiSpaceMiB} MiB a half)";
        Console.WriteLine($"DynamoDB catalog on {on}, the first page of 24; filled in bulk: {string.Join("; ", seeding)}; {settled}.");
        Console.WriteLine();

        // The controls run in the same alternation as the searches, so they see the same moments of the machine.
        var timed = targets.Concat(controls).ToList();
        var consumed = timed.ToDictionary(t => t, _ => new List<(string Query, CapacityMeter.Totals Totals)>());
        await Alternation.RunAsync(timed, Queries.All, 1); // a first pass to leave the emulator's own warm-up out
        foreach (var target in timed) target.Milliseconds.Clear();
        meter.Take();
        await Alternation.RunAsync(timed, Queries.All, rounds, (target, query) => consumed[target].Add((query, meter.Take())), () => meter.Take());
        Report.Latency(targets,
            target => $"{F(consumed[target].Average(c => c.Totals.ReadUnits))} | {F(consumed[target].Average(c => c.Totals.Calls))} | {F(consumed[target].Average(c => c.Totals.ItemsRead))}",
            "read units / search | calls / search | items read / search");
        Control(controls);
        CostByKind(targets, consumed);
        CostByQuery(targets, consumed);

        if (baseline)
        {
            var scanned = scans.ToDictionary(t => t, _ => new List<CapacityMeter.Totals>());
            await Alternation.RunAsync(scans, Queries.All, 1, (target, _) => scanned[target].Add(meter.Take()), () => meter.Take());
            Console.WriteLine("The original lab's search on the same photos (one round after a warm-up round):");
            Console.WriteLine();
            Console.WriteLine("| photos | what | p50 ms | p95 ms | read units / search | items read / search |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|");
            foreach (var scan in scans)
            {
                var all = scan.Milliseconds.Values.SelectMany(s => s).ToList();
                Console.WriteLine($"| {N(scan.Size)} | {scan.Name} | {F(Percentile(all, 50))} | {F(Percentile(all, 95))} | " +
                    $"{F(scanned[scan].Average(c => c.ReadUnits))} | {F(scanned[scan].Average(c => c.ItemsRead))} |");
            }
            Console.WriteLine();
        }

        await OperationCostsAsync(indexes[sizes.Max()], photos.Skip(sizes.Max()).ToList(), meter, cancel);
    }

    /// <summary>The control's latency at each size, timed in the same alternation as the searches.</summary>
    private static void Control(List<Target> controls)
    {
        Console.WriteLine("The control, timed in the same alternation (one GetItem per search above):");
        Console.WriteLine();
        Console.WriteLine($"| photos | what | p50 ms | p95 ms | p99 ms | p95 ÷ p95 at {N(controls.Min(t => t.Size))} (90 % interval) |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");
        var smallest = controls.MinBy(t => t.Size)!;
        foreach (var control in controls.OrderBy(t => t.Size))
        {
            var all = control.Milliseconds.Values.SelectMany(v => v).ToList();
            Console.WriteLine($"| {N(control.Size)} | {control.Name} | {F(Percentile(all, 50))} | {F(Percentile(all, 95))} | {F(Percentile(all, 99))} | " +
                $"{PercentileRatio(control.Milliseconds, smallest.Milliseconds, 95)} |");
        }
        Console.WriteLine();
    }

    /// <summary>Where a search's cost goes: read units, calls and items read per search, by kind of query.</summary>
    private static void CostByKind(List<Target> targets, Dictionary<Target, List<(string Query, CapacityMeter.Totals Totals)>> consumed)
    {
        Console.WriteLine("Read units / calls / items read per search, by kind of query:");
        Console.WriteLine();
        Console.WriteLine($"| photos | {string.Join(" | ", Queries.Kinds.Select(kind => kind.Kind))} |");
        Console.WriteLine($"|---:|{string.Concat(Queries.Kinds.Select(_ => "---:|"))}");
        foreach (var target in targets.OrderBy(t => t.Size))
        {
            var cells = Queries.Kinds.Select(kind =>
            {
                var of = consumed[target].Where(c => kind.Texts.Contains(c.Query)).Select(c => c.Totals).ToList();
                return $"{F(of.Average(c => c.ReadUnits))} / {F(of.Average(c => c.Calls))} / {F(of.Average(c => c.ItemsRead))}";
            });
            Console.WriteLine($"| {N(target.Size)} | {string.Join(" | ", cells)} |");
        }
        Console.WriteLine();
    }

    /// <summary>Each query's median time, items read and calls at every size: where the tail comes from.</summary>
    private static void CostByQuery(List<Target> targets, Dictionary<Target, List<(string Query, CapacityMeter.Totals Totals)>> consumed)
    {
        var sized = targets.OrderBy(t => t.Size).ToList();
        Console.WriteLine("Each query: p50 ms / items read / calls per search, at each size:");
        Console.WriteLine();
        Console.WriteLine($"| query | kind | {string.Join(" | ", sized.Select(t => N(t.Size)))} |");
        Console.WriteLine($"|---|---|{string.Concat(sized.Select(_ => "---:|"))}");
        foreach (var query in Queries.All)
        {
            var cells = sized.Select(target =>
            {
                var of = consumed[target].Where(c => c.Query == query).Select(c => c.Totals).ToList();
                return $"{F(Percentile(target.Milliseconds[query], 50))} / {F(of.Average(c => c.ItemsRead))} / {F(of.Average(c => c.Calls))}";
            });
            Console.WriteLine($"| `{query}` | {Queries.KindOf(query)} | {string.Join(" | ", cells)} |");
        }
        Console.WriteLine();
    }

    /// <summary>What each operation consumes, as DynamoDB reports it: an upload's two saves, processphoto's record, a read, a listing page.</summary>
    private static async Task OperationCostsAsync(DynamoDbPhotoIndex index, List<Photo> fresh, CapacityMeter meter, CancellationToken cancel)
    {
        var costs = new Dictionary<string, List<CapacityMeter.Totals>>();
        async Task Measure(string operation, Func<Task> run)
        {
            meter.Take();
            await run();
            if (!costs.TryGetValue(operation, out var list)) costs[operation] = list = [];
            list.Add(meter.Take());
        }
        foreach (var photo in fresh)
        {
            var pending = photo with { Status = PhotoStatus.Pending, ExpiresAt = DateTimeOffset.UtcNow.AddDays(1) };
            await Measure("save a pending photo (addphoto, before the upload)", () => index.SaveAsync(pending, cancel));
            await Measure("save it complete (addphoto, after the upload): its term and pair items", () => index.SaveAsync(photo, cancel));
            await Measure("record its images (processphoto)", () => index.RecordImagesAsync(photo.PhotoId,
                ImagesOutcome.Ready(new PhotoVariants($"v/{photo.PhotoId}/t.jpg", $"v/{photo.PhotoId}/d.jpg"), 4000, 3000), cancel));
            await Measure("read one photo (getphoto)", () => index.FindAsync(photo.PhotoId, cancel));
            await Measure("first page of the listing (getphotos)", () => index.ListAsync(new PageRequest(24, null), cancel));
        }
        Console.WriteLine($"Capacity per operation as DynamoDB reports it (ReturnConsumedCapacity), average of {fresh.Count} new photos:");
        Console.WriteLine();
        Console.WriteLine("| operation | read units | write units | calls |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (operation, list) in costs)
            Console.WriteLine($"| {operation} | {F(list.Average(c => c.ReadUnits))} | {F(list.Average(c => c.WriteUnits))} | {F(list.Average(c => c.Calls))} |");
    }
}
