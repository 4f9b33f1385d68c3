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

    /// <summary>
    /// Installs Chromium if it is missing. <paramref name="progress"/> gets every line apt prints;
    /// <paramref name="headlines"/> (shown by <c>dotnet test</c> at its default verbosity) gets the steps.
    /// </summary>
    public static async Task EnsureAsync(TextWriter progress, TextWriter headlines)
    {
        if (File.Exists(ExecutablePath))
        {
            await progress.WriteLineAsync($"[chromium] using {ExecutablePath}");
            return;
        }
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            throw new InvalidOperationException($"{ExecutablePath} is missing and there is no apt-get here: install Chromium, then run the tests again.");
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"{ExecutablePath} is missing: run 'sudo apt-get install -y chromium' once, then run the tests again.");

        await Both(progress, headlines, $"[chromium] {ExecutablePath} is missing: installing Debian's chromium package (a minute or two on a new machine)");
        var watch = Stopwatch.StartNew();
        // On a new machine the package lists may be empty or stale: refresh them only when the install asks for it.
        if (await AptGetAsync(progress, headlines, "install", "-y", "chromium") != 0)
        {
            await Both(progress, headlines, "[chromium] install failed; refreshing the package lists and trying again");
            await RequireSuccessAsync(progress, headlines, "update");
            await RequireSuccessAsync(progress, headlines, "install", "-y", "chromium");
        }
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"apt-get installed chromium but {ExecutablePath} is still missing.");
        await Both(progress, headlines, $"[chromium] installed in {watch.Elapsed.TotalSeconds:0} s");
    }

    private static async Task RequireSuccessAsync(TextWriter progress, TextWriter headlines, params string[] arguments)
    {
        var exitCode = await AptGetAsync(progress, headlines, arguments);
        if (exitCode != 0)
            throw new InvalidOperationException($"'apt-get {string.Join(' ', arguments)}' failed with exit code {exitCode}; its output is above.");
    }

    private static async Task<int> AptGetAsync(TextWriter progress, TextWriter headlines, params string[] arguments)
    {
        var start = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in AptOptions.Concat(arguments)) start.ArgumentList.Add(argument);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        await Both(progress, headlines, $"[chromium] apt-get {string.Join(' ', start.ArgumentList)}");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start apt-get.");
        var output = ForwardAsync(process.StandardOutput, progress, headlines);
        var errors = ForwardAsync(process.StandardError, progress, headlines);
        await process.WaitForExitAsync();
        await Task.WhenAll(output, errors);
        return process.ExitCode;
    }

    private static async Task ForwardAsync(StreamReader reader, TextWriter progress, TextWriter headlines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            await progress.WriteLineAsync($"[chromium]   {line}");
            // apt prints a line per package fetched and unpacked; the headlines get the milestones and errors.
            if (Milestone(line)) await headlines.WriteLineAsync($"[chromium]   {line}");
        }
    }

    private static bool Milestone(string line) =>
        line.StartsWith("Need to get", StringComparison.Ordinal) || line.StartsWith("Fetched", StringComparison.Ordinal) ||
        line.StartsWith("Setting up chromium", StringComparison.Ordinal) || line.StartsWith("E:", StringComparison.Ordinal) ||
        line.StartsWith("W:", StringComparison.Ordinal);

    private static async Task Both(TextWriter progress, TextWriter headlines, string line)
    {
        await progress.WriteLineAsync(line);
        await headlines.WriteLineAsync(line);
    }
}
