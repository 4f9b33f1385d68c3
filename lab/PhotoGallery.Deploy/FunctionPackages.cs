using System.Diagnostics;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;

namespace PhotoGallery.Deploy;

/// <summary>
/// Publishes every function for Lambda (linux-x64, framework-dependent, ReadyToRun) into one folder
/// per function. The deploy path runs it every time, so a stack never ships stale code.
/// </summary>
public static class FunctionPackages
{
    /// <summary>The repository root: the folder above this one that holds PhotoGallery.sln.</summary>
    public static string RepositoryRoot(string? start = null)
    {
        for (var folder = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PhotoGallery.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("Run this from inside the PhotoGallery repository (no PhotoGallery.sln above the current folder).");
    }

    public static string DefaultDirectory(string repository) => Path.Combine(repository, "artifacts", "lambda");

    /// <summary>Runs <c>dotnet publish functions/Lambdas.slnf</c>; throws with the tool's output when it fails.</summary>
    public static void Publish(string repository, string destination, TextWriter log, bool readyToRun = true)
    {
        // Two publishes of the same projects at once (two test projects, a test and a rehearsal) would write
        // the same obj/ folders; they take turns.
        using var turn = PublishTurn(repository);
        log.WriteLine($"Packaging the functions for Lambda into {destination} (ReadyToRun: {readyToRun})…");
        var arguments = new[]
        {
            "publish", Path.Combine(repository, "functions", "Lambdas.slnf"), "-c", "Release", "-r", "linux-x64",
            "--self-contained", "false", $"-p:PublishReadyToRun={readyToRun}", $"-p:LambdaPackageRoot={destination}", "-nologo",
        };
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            output.Add(line);
            if (line.Contains(" -> " + destination, StringComparison.Ordinal)) log.WriteLine("  " + line.Trim());
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed (exit {process.ExitCode}):\n{string.Join('\n', output.TakeLast(30))}\n{errors.Result}");
        Verify(destination);
    }

    /// <summary>An exclusive lock on <c>artifacts/.publish.lock</c>, held by one publish at a time on this machine.</summary>
    private static FileStream PublishTurn(string repository)
    {
        var path = Path.Combine(repository, "artifacts", ".publish.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // Not deleted on close: a waiter could otherwise lock a fresh file while another holds the old one.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10))
            {
                Thread.Sleep(500);
            }
        }
    }

    /// <summary>Throws naming the first function whose package is missing.</summary>
    public static void Verify(string destination)
    {
        foreach (var function in FunctionCatalog.All)
        {
            var assembly = Path.Combine(destination, function.Project, function.Project + ".dll");
            if (!File.Exists(assembly))
                throw new InvalidOperationException($"No package for {function.Name}: {assembly} is missing. Run without PHOTOGALLERY_SKIP_PACKAGE to build it.");
            // Lambda's dotnet bootstrap starts the function with both files and exits 105/106 without them.
            foreach (var file in new[] { function.Project + ".deps.json", function.Project + ".runtimeconfig.json" })
            {
                if (!File.Exists(Path.Combine(destination, function.Project, file)))
                    throw new InvalidOperationException(
                        $"The package for {function.Name} has no {file}: Lambda could not start it (Runtime.ExitError). " +
                        "Publish with functions/Directory.Build.props, which asks for it.");
            }
        }
    }
}
