using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Deploy;

// dotnet run --project tests/PhotoGallery.ColdStart -c Release [-- --runs 7]
//
// Publishes the seven API functions twice (ReadyToRun, as deployed, and plain JIT), then starts a fresh
// process per run that loads one package the way the Lambda runtime does and handles one event
// (tests/PhotoGallery.LambdaInvoker). Reports each package's size and the median time from process
// start to the first handled event. Runs alternate between the two builds so both see the same machine.
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(7);
var repository = FunctionPackages.RepositoryRoot(AppContext.BaseDirectory);
var work = Path.Combine(Path.GetTempPath(), "photogallery-coldstart", Guid.NewGuid().ToString("N"));
var builds = new[] { ("ReadyToRun", true), ("JIT", false) }
    .Select(b => (Name: b.Item1, Folder: Path.Combine(work, b.Item1)))
    .ToList();
foreach (var (name, folder) in builds) FunctionPackages.Publish(repository, folder, Console.Error, readyToRun: name == "ReadyToRun");

var invoker = Path.Combine(AppContext.BaseDirectory, "PhotoGallery.LambdaInvoker.dll");
var fixture = Path.Combine(repository, "tests", "PhotoGallery.Tests", "Fixtures", "apigw-rest-proxy-event.json");
Console.WriteLine($"| function | package R2R (zip) | package JIT (zip) | first event R2R | first event JIT | R2R saves |");
Console.WriteLine($"|---|---:|---:|---:|---:|---:|");
foreach (var route in RouteTable.All)
{
    var eventFile = WriteEvent(route, fixture, work);
    var timings = builds.ToDictionary(b => b.Name, _ => new List<double>());
    for (var run = 0; run < runs; run++)
    {
        foreach (var (name, folder) in run % 2 == 0 ? builds : Enumerable.Reverse(builds))
            timings[name].Add(FirstEventMilliseconds(invoker, Path.Combine(folder, route.Project), route.Handler, eventFile));
    }
    var (r2r, jit) = (Median(timings["ReadyToRun"]), Median(timings["JIT"]));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {route.Name} | {ZipKiB(builds[0].Folder, route.Project):0} KiB | {ZipKiB(builds[1].Folder, route.Project):0} KiB | {r2r:0} ms | {jit:0} ms | {(jit - r2r) / jit:P0} |"));
}
Console.WriteLine();
Console.WriteLine($"Median of {runs} runs each; machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
Directory.Delete(work, recursive: true);
return 0;

// The recorded event turned into a request that reaches the handler's logic but no AWS service.
static string WriteEvent(Route route, string fixture, string work)
{
    var proxyEvent = JsonNode.Parse(File.ReadAllText(fixture))!.AsObject();
    proxyEvent["resource"] = route.Path;
    proxyEvent["httpMethod"] = route.Method;
    proxyEvent["body"] = route.Method == "POST" ? "{\"username\":\"alice\"}" : null;
    proxyEvent["queryStringParameters"] = new JsonObject { ["limit"] = "0", ["q"] = " " };
    proxyEvent["pathParameters"] = new JsonObject { ["photoId"] = "not-an-id" };
    var file = Path.Combine(work, $"event-{route.Name}.json");
    File.WriteAllText(file, proxyEvent.ToJsonString());
    return file;
}

static double FirstEventMilliseconds(string invoker, string package, string handler, string eventFile)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in new[] { invoker, package, handler, eventFile }) start.ArgumentList.Add(argument);
    foreach (var (name, value) in new Dictionary<string, string>
    {
        ["AWS_REGION"] = "us-east-1", ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE", ["AWS_SECRET_ACCESS_KEY"] = "example",
        ["PHOTOS_BUCKET"] = "bucket", ["PHOTOS_TABLE"] = "table", ["USER_POOL_ID"] = "us-east-1_Example",
        ["USER_POOL_CLIENT_ID"] = "client", ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
    }) start.Environment[name] = value;
    using var process = Process.Start(start)!;
    var error = process.StandardError.ReadToEnd();
    process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var line = error.Split('\n').FirstOrDefault(l => l.StartsWith("first-event-ms:", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{handler} did not answer: {error}");
    return double.Parse(line["first-event-ms:".Length..], CultureInfo.InvariantCulture);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static double ZipKiB(string root, string project)
{
    var zip = Path.Combine(root, project + ".zip");
    if (!File.Exists(zip)) ZipFile.CreateFromDirectory(Path.Combine(root, project), zip, CompressionLevel.Optimal, includeBaseDirectory: false);
    return new FileInfo(zip).Length / 1024.0;
}
