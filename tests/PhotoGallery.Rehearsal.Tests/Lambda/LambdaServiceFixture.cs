using NUnit.Framework;
using PhotoGallery.Local.Events;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

/// <summary>
/// What the Lambda service tests share: the published packages, a fresh folder per test (runtime directory,
/// copied packages), and the services a test starts, disposed (their processes ended) after it.
/// </summary>
public abstract class LambdaServiceFixture
{
    private readonly List<LambdaService> _services = [];
    private StringWriter _log = new();

    protected LambdaPackages Packages { get; private set; } = null!;

    protected string Folder { get; private set; } = "";

    [OneTimeSetUp]
    public async Task PublishPackagesAsync() => Packages = await LambdaPackages.GetAsync();

    [SetUp]
    public void CreateFolder()
    {
        Folder = Path.Combine(LambdaPackages.Root, "tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        _log = new StringWriter();
    }

    [TearDown]
    public async Task DisposeServicesAsync()
    {
        foreach (var service in _services) await service.DisposeAsync();
        _services.Clear();
        await TestContext.Out.WriteLineAsync(_log.ToString());
        Directory.Delete(Folder, recursive: true);
    }

    protected LambdaService Start(params FunctionLaunch[] launches) => Start(2, launches);

    protected LambdaService Start(int maxInstances, params FunctionLaunch[] launches)
    {
        var service = new LambdaService(launches, new LambdaServiceOptions
        {
            Log = _log,
            MaxInstancesPerFunction = maxInstances,
            // Lambda's two retries of an asynchronous event, a few milliseconds apart.
            Events = new AsyncInvocationOptions { RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)], DeliveryDelay = TimeSpan.Zero },
        });
        _services.Add(service);
        return service;
    }

    /// <summary>A TestFunctions handler, e.g. "Echo", as the function test-echo.</summary>
    protected FunctionLaunch TestFunction(
        string type, TimeSpan? timeout = null, string? taskRoot = null, IReadOnlyDictionary<string, string>? environment = null) =>
        TestLaunch.For($"test-{type.ToLowerInvariant()}", LambdaPackages.TestHandler(type), taskRoot ?? Packages.TestFunctions,
            Path.Combine(Folder, "runtime"), timeout, environment: environment);

    /// <summary>A copy of a package without some of its files, e.g. its runtimeconfig.json.</summary>
    protected string CopyOf(string package, params string[] without)
    {
        var copy = Path.Combine(Folder, "task-" + Path.GetFileName(package));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(package).Where(file => !without.Contains(Path.GetFileName(file))))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    protected static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>The log of every service this test started, so far.</summary>
    protected string Log => _log.ToString();

    protected static string Text(byte[]? payload) => payload is null ? "" : System.Text.Encoding.UTF8.GetString(payload);
}
