using System.IO.Compression;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Assembly;

/// <summary>
/// One function's code as Lambda receives it: the zip <c>cdk deploy</c> makes of the staged folder, and
/// the task root Lambda unpacks it into. <see cref="Problems"/> holds what Lambda would refuse.
/// </summary>
public sealed record LambdaPackage(
    string FunctionName, string ZipPath, long ZipBytes, long UnzippedBytes, int Files, string TaskRoot, IReadOnlyList<string> Problems)
{
    /// <summary>Lambda's limit for a zip uploaded directly (the guide's <c>--zip-file</c> path).</summary>
    public const long MaxZipBytes = 50L * 1024 * 1024;

    /// <summary>Lambda's limit for the unpacked code (layers included; we have none).</summary>
    public const long MaxUnzippedBytes = 250L * 1024 * 1024;

    /// <summary>Zips <paramref name="assetFolder"/> into <paramref name="workDirectory"/>, checks it, and unpacks it into a fresh task root.</summary>
    public static LambdaPackage Build(
        string functionName, string handler, IReadOnlyDictionary<string, string> environment, string assetFolder, string workDirectory)
    {
        if (!Directory.Exists(assetFolder))
            throw new RehearsalException($"The code of {functionName} is missing: {assetFolder} does not exist (was the cloud assembly moved?).");
        var zip = Path.Combine(workDirectory, "zips", functionName + ".zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        Zip(assetFolder, zip);
        var taskRoot = Path.Combine(workDirectory, "tasks", functionName);
        if (Directory.Exists(taskRoot)) Directory.Delete(taskRoot, recursive: true);
        ZipFile.ExtractToDirectory(zip, taskRoot);

        using var archive = ZipFile.OpenRead(zip);
        var unzipped = archive.Entries.Sum(e => e.Length);
        var zipBytes = new FileInfo(zip).Length;
        var problems = new List<string>();
        if (zipBytes > MaxZipBytes)
            problems.Add($"its zip is {Megabytes(zipBytes)}, over Lambda's {Megabytes(MaxZipBytes)} for a direct upload (the guide's CLI path)");
        if (unzipped > MaxUnzippedBytes)
            problems.Add($"it is {Megabytes(unzipped)} unzipped, over Lambda's {Megabytes(MaxUnzippedBytes)}");
        var assembly = HandlerAssembly(handler);
        if (assembly is null)
            problems.Add($"its handler '{handler}' is not Assembly::Namespace.Type::Method");
        else if (archive.GetEntry(assembly + ".dll") is null)
            problems.Add($"its zip has no {assembly}.dll at the root, which its handler '{handler}' names");
        if (BootstrapRefusal(handler, environment, taskRoot) is { } refusal) problems.Add(refusal);
        return new LambdaPackage(functionName, zip, zipBytes, unzipped, archive.Entries.Count, taskRoot, problems);
    }

    /// <summary>
    /// Zips a folder as the CDK CLI's asset publishing does (aws-cdk's zipDirectory): every file, dot files
    /// included, no folder entries, symbolic links followed, names relative and with '/', a fixed date
    /// (1980-01-01) so the same files make the same zip, and each file's Unix mode kept.
    /// </summary>
    public static void Zip(string folder, string zipPath)
    {
        if (File.Exists(zipPath)) File.Delete(zipPath);
        using var archive = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        var files = Directory.GetFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        foreach (var name in files)
        {
            var path = Path.Combine(folder, name);
            var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
            entry.ExternalAttributes = (int)UnixMode(path) << 16 | 0x8000 << 16;
            using var source = File.OpenRead(path);
            using var target = entry.Open();
            source.CopyTo(target);
        }
    }

    /// <summary>What Lambda's dotnet bootstrap would say about this task root, if it would refuse to start it.</summary>
    private static string? BootstrapRefusal(string handler, IReadOnlyDictionary<string, string> environment, string taskRoot)
    {
        var variables = new Dictionary<string, string>(environment) { ["LAMBDA_TASK_ROOT"] = "/var/task", ["_HANDLER"] = handler };
        var decision = LambdaBootstrap.Decide(new BootstrapInput(variables, null, LambdaBootstrap.ReadTaskRoot(taskRoot),
            "/var/runtime/Amazon.Lambda.RuntimeSupport.dll", "/var/lang/bin/dotnet"));
        return decision is BootstrapExit exit
            ? $"Lambda's dotnet bootstrap would exit {exit.ExitCode} (Runtime.ExitError): {exit.Message}"
            : null;
    }

    private static UnixFileMode UnixMode(string path) =>
        OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead : File.GetUnixFileMode(path);

    /// <summary>The assembly a handler string names (<c>GetPhoto</c> of <c>GetPhoto::Ns.Type::Method</c>), or <c>null</c>.</summary>
    public static string? HandlerAssembly(string handler) =>
        handler.Split("::") is [{ Length: > 0 } assembly, { Length: > 0 }, { Length: > 0 }] ? assembly : null;

    public static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.0} MB";
}
