using System.Diagnostics;
using NUnit.Framework;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// Makes sure Debian's Chromium is on the machine before any browser test runs: Playwright's own
/// browser download cannot reach its servers here, so the test run installs the distribution's package.
/// </summary>
public static class ChromiumInstall
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Another test project may be running apt-get at the same moment: wait for its lock instead of failing.
    private static readonly string[] AptOptions = ["-o", "DPkg::Lock::Timeout=600"];

    public static async Task EnsureAsync(TextWriter progress)
    {
        if (File.Exists(ExecutablePath))
        {
            await progress.WriteLineAsync($"[chromium] found {ExecutablePath}");
            return;
        }
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            throw new InvalidOperationException($"{ExecutablePath} is missing and there is no apt-get here: install Chromium, then run the tests again.");
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"{ExecutablePath} is missing: run 'sudo apt-get install -y chromium' once, then run the tests again.");

        await progress.WriteLineAsync($"[chromium] {ExecutablePath} is missing: installing Debian's chromium package (a few minutes on a new machine)");
        var watch = Stopwatch.StartNew();
        // On a new machine the package lists may be empty or stale: refresh them only when the install asks for it.
        if (await AptGetAsync(progress, "install", "-y", "chromium") != 0)
        {
            await progress.WriteLineAsync("[chromium] install failed; refreshing the package lists and trying again");
            await RequireSuccessAsync(progress, "update");
            await RequireSuccessAsync(progress, "install", "-y", "chromium");
        }
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"apt-get installed chromium but {ExecutablePath} is still missing.");
        await progress.WriteLineAsync($"[chromium] installed in {watch.Elapsed.TotalSeconds:0} s");
    }

    private static async Task RequireSuccessAsync(TextWriter progress, params string[] arguments)
    {
        var exitCode = await AptGetAsync(progress, arguments);
        if (exitCode != 0)
            throw new InvalidOperationException($"'apt-get {string.Join(' ', arguments)}' failed with exit code {exitCode}; its output is above.");
    }

    private static async Task<int> AptGetAsync(TextWriter progress, params string[] arguments)
    {
        var start = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in AptOptions.Concat(arguments)) start.ArgumentList.Add(argument);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        await progress.WriteLineAsync($"[chromium] apt-get {string.Join(' ', start.ArgumentList)}");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start apt-get.");
        var output = ForwardAsync(process.StandardOutput, progress);
        var errors = ForwardAsync(process.StandardError, progress);
        await process.WaitForExitAsync();
        await Task.WhenAll(output, errors);
        return process.ExitCode;
    }

    private static async Task ForwardAsync(StreamReader reader, TextWriter progress)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            // apt prints a line per package fetched and unpacked: enough to see it is moving.
            await progress.WriteLineAsync($"[chromium]   {line}");
        }
    }
}
