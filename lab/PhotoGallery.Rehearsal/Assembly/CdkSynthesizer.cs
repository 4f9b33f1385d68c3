using PhotoGallery.Emulators;

namespace PhotoGallery.Rehearsal.Assembly;

/// <summary>
/// Synthesizes the stack with the pinned CDK CLI itself (<c>npx cdk synth</c> in lab/PhotoGallery.Deploy),
/// the first half of what <c>npx cdk deploy</c> does: the CLI runs the app of cdk.json with its context,
/// the app publishes the functions and CDK stages each package as an asset. What comes out is the
/// cloud assembly <c>cdk deploy</c> would upload, byte for byte.
/// </summary>
public static class CdkSynthesizer
{
    public static string DeployProject(string repository) => Path.Combine(repository, "lab", "PhotoGallery.Deploy");

    /// <summary>Runs the synthesis into <paramref name="output"/>; throws with the CLI's last lines when it fails.</summary>
    public static async Task SynthesizeAsync(string repository, string output, TextWriter progress, CancellationToken cancellationToken)
    {
        var project = DeployProject(repository);
        await EnsureCliAsync(project, progress, cancellationToken);
        progress.WriteLine("  npx cdk synth (publishes the functions, then synthesizes; about a minute)…");
        var (exit, lines) = await RunAsync("npx", ["cdk", "synth", "--quiet", "--no-notices", "--output", output], project, Offline(output),
            line => { if (line.Contains(" -> ", StringComparison.Ordinal)) progress.WriteLine("    " + line.Trim()); },
            cancellationToken);
        if (exit != 0)
            throw new RehearsalException($"cdk synth failed (exit {exit}):\n{string.Join('\n', lines.TakeLast(25))}");
    }

    /// <summary>
    /// The rehearsal never reaches AWS, not even to ask who you are: the CLI would look up the account of
    /// any credentials it finds (and the stack would then name it). Without credentials, the stack is
    /// synthesized environment-agnostic, as on a machine that never saw AWS; no version check, no notices.
    /// </summary>
    private static Dictionary<string, string?> Offline(string output)
    {
        var environment = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("CDK_", StringComparison.Ordinal))
            .ToDictionary(name => name, _ => (string?)null);
        var nowhere = Path.Combine(output + ".no-aws", "none");
        environment["AWS_CONFIG_FILE"] = nowhere;
        environment["AWS_SHARED_CREDENTIALS_FILE"] = nowhere;
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["CDK_DISABLE_VERSION_CHECK"] = "true";
        // CDK's Node runtime warns loudly about Node 20 on every start; the warning is not news here.
        environment["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20";
        environment["JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION"] = "1";
        return environment;
    }

    /// <summary>Installs the pinned CDK CLI (package-lock.json) when the deploy folder has none yet.</summary>
    private static async Task EnsureCliAsync(string project, TextWriter progress, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(project, "node_modules", "aws-cdk", "package.json"))) return;
        progress.WriteLine("  Installing the pinned CDK CLI (npm ci in lab/PhotoGallery.Deploy, once)…");
        var (exit, output) = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], project, cancellationToken);
        if (exit != 0) throw new RehearsalException($"npm ci failed in {project} (exit {exit}):\n{output}");
    }

    private static async Task<(int Exit, List<string> Lines)> RunAsync(string file, string[] arguments, string directory,
        Dictionary<string, string?> environment, Action<string> onLine, CancellationToken cancellationToken)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = System.Diagnostics.Process.Start(start) ?? throw new RehearsalException($"Could not start {file}.");
        var lines = new List<string>();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (lines) lines.Add(line);
            onLine(line);
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, lines);
    }
}
