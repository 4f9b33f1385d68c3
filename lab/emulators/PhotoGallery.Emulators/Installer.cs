namespace PhotoGallery.Emulators;

/// <summary>
/// Makes sure the emulators are installed: on a fresh machine (Node is there, node_modules is not) it runs
/// <c>npm ci</c>, which installs exactly the versions in package-lock.json. All three emulators are
/// JavaScript, so nothing else (no Java) is needed. The rehearsal's IAM policy evaluation
/// (@cloud-copilot/iam-simulate, run by iam-evaluate.mjs) comes with them. DynamoDB Local, for the benchmark
/// only, has a folder and a package-lock.json of its own (<see cref="DynamoDbLocal"/>).
/// </summary>
public static class Installer
{
    /// <summary>What must be in node_modules; a checkout installed before one was added installs again.</summary>
    public static readonly string[] Packages = ["s3rver", "dynalite", "cognito-local", "@cloud-copilot/iam-simulate"];

    public static Task EnsureInstalledAsync(string folder, Action<string> log, CancellationToken cancellationToken) =>
        EnsureInstalledAsync(folder, Packages, log, cancellationToken);

    /// <summary>Installs the packages of <paramref name="folder"/>'s package-lock.json unless <paramref name="packages"/> are all there.</summary>
    public static async Task EnsureInstalledAsync(string folder, IReadOnlyList<string> packages, Action<string> log, CancellationToken cancellationToken)
    {
        if (IsInstalled(folder, packages)) return;
        // Several test processes may start at once: one installs, the others wait for it.
        await using var guard = await LockAsync(Path.Combine(folder, ".install.lock"), cancellationToken);
        if (IsInstalled(folder, packages)) return;
        log($"[emulators] Installing {string.Join(", ", packages)} with npm ci in {folder} (once; about a minute)...");
        var result = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], folder, cancellationToken);
        if (result.ExitCode != 0 || !IsInstalled(folder, packages))
            throw new InvalidOperationException($"npm ci failed in {folder} (exit {result.ExitCode}):\n{result.Output}");
        log("[emulators] Installed.");
    }

    private static bool IsInstalled(string folder, IReadOnlyList<string> packages) =>
        packages.All(package => File.Exists(Path.Combine(folder, "node_modules", package, "package.json")));

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(500))
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (waited < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }
}
