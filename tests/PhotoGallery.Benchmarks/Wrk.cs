using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// The wrk load generator (a separate native process, as the issue measured with), when it is on PATH:
/// <see cref="GatewayBenchmark.Connections"/> connections, <see cref="Threads"/> thread(s), latency percentiles.
/// Its statuses are checked from its own summary: a 200 target must have no "Non-2xx or 3xx responses",
/// a 401 target must have every response counted there; any socket error fails the run. That count cannot tell
/// a 401 from a 404 or a 500, nor a 200 from a 3xx, so <see cref="GatewayBenchmark"/> also sends one request
/// whose status it checks exactly before and after each run (a Lua <c>response</c> hook would count every status
/// but makes wrk read each response in Lua, slowing the generator it measures with).
/// </summary>
internal sealed partial class Wrk(string path, string version, int threads)
{
    public string Version { get; } = version;

    /// <summary>wrk's threads (<c>--wrk-threads</c>); why the default is what it is: docs/performance.md, "Local gateway".</summary>
    public int Threads { get; } = threads;

    public const int DefaultThreads = 1;

    /// <summary>wrk from PATH, or <c>null</c> when it is not installed.</summary>
    public static async Task<Wrk?> FindAsync(int threads)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "wrk"))
            .FirstOrDefault(File.Exists);
        if (path is null) return null;
        // "wrk debian/4.1.0-3+b2 [epoll] Copyright ..." (and the usage, with exit code 1).
        var (_, output) = await RunAsync(path, ["-v"]);
        var version = VersionLine().Match(output) is { Success: true } match ? match.Groups[1].Value : "(version unknown)";
        return new Wrk(path, version, threads);
    }

    internal async Task<GatewayBenchmark.Load> RunAsync(Uri baseUrl, GatewayBenchmark.Target target, TimeSpan duration)
    {
        List<string> arguments = ["-t", Threads.ToString(CultureInfo.InvariantCulture), "-c", GatewayBenchmark.Connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds))}s", "--latency"];
        if (target.Token is not null) arguments.AddRange(["-H", $"Authorization: Bearer {target.Token}"]);
        if (target.Gzip) arguments.AddRange(["-H", "Accept-Encoding: gzip"]);
        arguments.Add(new Uri(baseUrl, target.Path).ToString());
        var (exitCode, output) = await RunAsync(path, arguments);
        if (exitCode != 0) throw new InvalidOperationException($"{target.Name}: wrk exited with {exitCode}:\n{output}");
        return Parse(target, output);
    }

    /// <summary>The rate and percentiles of wrk's summary, after checking that every response had the expected status.</summary>
    internal static GatewayBenchmark.Load Parse(GatewayBenchmark.Target target, string output)
    {
        var requests = Requests().Match(output);
        var rate = Rate().Match(output);
        if (!requests.Success || !rate.Success) throw new InvalidOperationException($"{target.Name}: wrk's output not understood:\n{output}");
        var count = long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture);
        var other = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        if (SocketErrors().Match(output) is { Success: true } errors)
            throw new InvalidOperationException($"{target.Name}: wrk reported socket errors ({errors.Value.Trim()}):\n{output}");
        var expectedOther = target.Expected == HttpStatusCode.OK ? 0 : count;
        if (count == 0 || other != expectedOther)
            throw new InvalidOperationException(
                $"{target.Name}: expected {(int)target.Expected} for all {count} requests, but wrk counted {other} non-2xx/3xx responses:\n{output}");
        return new GatewayBenchmark.Load(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), Percentile(output, "50%"), Percentile(output, "99%"));
    }

    /// <summary>A line of wrk's "Latency Distribution" (e.g. <c>99%    1.50ms</c>) in milliseconds, as "1.50 ms".</summary>
    private static string Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(percent)}\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!match.Success) return "";
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var milliseconds = match.Groups[2].Value switch { "us" => value / 1000, "ms" => value, "s" => value * 1000, _ => value * 60_000 };
        return $"{milliseconds:F2} ms";
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string path, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }

    [GeneratedRegex(@"^wrk (\S+)", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^\s*(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex Requests();

    [GeneratedRegex(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex Rate();

    [GeneratedRegex(@"^\s*Non-2xx or 3xx responses: (\d+)", RegexOptions.Multiline)]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"^\s*Socket errors:.*$", RegexOptions.Multiline)]
    private static partial Regex SocketErrors();
}
