using NUnit.Framework;
using PhotoGallery.Emulators;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>
/// Starts s3rver, dynalite and cognito-local once for every fixture in this namespace (installing them with
/// npm ci on a fresh machine) and stops them, with their process trees, when those fixtures are done.
/// </summary>
[SetUpFixture]
public sealed class Emulators
{
    private static EmulatorSet? _running;

    /// <summary>The running emulators.</summary>
    public static EmulatorSet Running => _running ?? throw new InvalidOperationException("The emulators have not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Say("[emulators] Starting s3rver, dynalite and cognito-local on 127.0.0.1...");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        _running = await EmulatorSet.StartAsync(Say, timeout.Token);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_running is null) return;
        Say("[emulators] Stopping.");
        await _running.DisposeAsync();
        _running = null;
    }

    // NUnit's progress channel: `dotnet test --logger "console;verbosity=normal"` shows these lines as they come.
    private static void Say(string line) => TestContext.Progress.WriteLine(line);
}
