namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>One entry at the top of the task root, as the bootstrap's <c>[ -f ]</c> tests and <c>*</c> globs see it.</summary>
public sealed record TaskRootEntry(string Name, bool IsFile);

/// <summary>What Lambda's dotnet bootstrap reads before it starts the runtime.</summary>
/// <param name="Environment">The process environment it runs in (<c>LAMBDA_TASK_ROOT</c>, <c>_HANDLER</c>, <c>LAMBDA_DOTNET_MAIN_ASSEMBLY</c>, ...).</param>
/// <param name="HandlerArgument">Its first command-line argument, if any (Lambda passes none).</param>
/// <param name="TaskRootEntries">The task root's top-level entries; null when the folder does not exist.</param>
/// <param name="RuntimeClientPath">The runtime client (Lambda's <c>/var/runtime/Amazon.Lambda.RuntimeSupport.dll</c>).</param>
/// <param name="DotnetExecutable">The dotnet host (Lambda's <c>/var/lang/bin/dotnet</c>).</param>
public sealed record BootstrapInput(
    IReadOnlyDictionary<string, string> Environment,
    string? HandlerArgument,
    IReadOnlyList<TaskRootEntry>? TaskRootEntries,
    string RuntimeClientPath,
    string DotnetExecutable);

/// <summary>The bootstrap either execs a program or exits with a code and a message on stderr.</summary>
public abstract record BootstrapDecision;

public sealed record BootstrapExec(string FileName, IReadOnlyList<string> Arguments) : BootstrapDecision;

public sealed record BootstrapExit(int ExitCode, string Message) : BootstrapDecision;

/// <summary>
/// The decisions of <c>/var/runtime/bootstrap</c> in Lambda's dotnet runtimes (bootstrap.sh in
/// aws/aws-lambda-dotnet, Amazon.Lambda.RuntimeSupport), with its exit codes and messages word for word:
/// a student who sees 106 here sees the same 106 in CloudWatch. Not emulated: AWS_LAMBDA_EXEC_WRAPPER
/// (the caller reports it) and paths inside sub-folders of the task root.
/// </summary>
public static class LambdaBootstrap
{
    private static string NotInstalled(string taskRoot) =>
        $"Error: .NET binaries for Lambda function are not correctly installed in the {taskRoot} directory of the image when the image was built.";

    public static BootstrapDecision Decide(BootstrapInput input)
    {
        var taskRoot = input.Environment.GetValueOrDefault("LAMBDA_TASK_ROOT", "");
        if (taskRoot.Length == 0)
            return new BootstrapExit(101,
                "Error: Environment variable LAMBDA_TASK_ROOT needs to be defined in order for the Lambda Runtime to load the function handler to be executed.");

        // `ls -A` of a missing folder prints nothing too: both end here.
        if (input.TaskRootEntries is not { Count: > 0 } entries)
            return new BootstrapExit(102,
                NotInstalled(taskRoot) + $" The {taskRoot} directory is missing.");

        var handler = !string.IsNullOrEmpty(input.HandlerArgument)
            ? input.HandlerArgument
            : input.Environment.GetValueOrDefault("_HANDLER", "");
        if (handler.Length == 0)
            return new BootstrapExit(103, "Error: No Lambda Handler function was specified.");

        var colon = handler.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? ExecutableHandler(input, entries, taskRoot, handler)
            : ClassLibraryHandler(input, entries, taskRoot, handler, assemblyFromHandler: handler[..colon]);
    }

    /// <summary>The top level of a task root as the bootstrap sees it; null when it does not exist.</summary>
    public static IReadOnlyList<TaskRootEntry>? ReadTaskRoot(string path) =>
        Directory.Exists(path)
            ? new DirectoryInfo(path).EnumerateFileSystemInfos()
                .Select(e => new TaskRootEntry(e.Name, File.Exists(e.FullName)))
                .ToList()
            : null;

    // A handler without "::" names an executable assembly (or a native binary) in the task root.
    private static BootstrapDecision ExecutableHandler(
        BootstrapInput input, IReadOnlyList<TaskRootEntry> entries, string taskRoot, string handler)
    {
        var assembly = handler.EndsWith(".dll", StringComparison.Ordinal) ? handler : handler + ".dll";
        if (IsFile(entries, assembly))
            return new BootstrapExec(input.DotnetExecutable, ["exec", $"{taskRoot}/{assembly}"]);
        if (IsFile(entries, handler))
            return new BootstrapExec($"{taskRoot}/{handler}", []);
        return new BootstrapExit(104,
            $"Error: executable assembly {taskRoot}/{assembly} or binary {taskRoot}/{handler} not found.");
    }

    private static BootstrapDecision ClassLibraryHandler(
        BootstrapInput input, IReadOnlyList<TaskRootEntry> entries, string taskRoot, string handler, string assemblyFromHandler)
    {
        var mainAssembly = input.Environment.GetValueOrDefault("LAMBDA_DOTNET_MAIN_ASSEMBLY", "");
        var assemblyName = mainAssembly.Length == 0 ? assemblyFromHandler
            : mainAssembly.EndsWith(".dll", StringComparison.Ordinal) ? mainAssembly[..^4]
            : mainAssembly;

        var depsFile = Find(entries, taskRoot, assemblyName + ".deps.json", ".deps.json");
        if (depsFile is null)
            return new BootstrapExit(105,
                NotInstalled(taskRoot) + $" The {taskRoot} directory is missing the required .deps.json file.");

        var runtimeConfig = Find(entries, taskRoot, assemblyName + ".runtimeconfig.json", ".runtimeconfig.json");
        if (runtimeConfig is null)
            return new BootstrapExit(106,
                NotInstalled(taskRoot) + $" The {taskRoot} directory is missing the required .runtimeconfig.json file.");

        return new BootstrapExec(input.DotnetExecutable,
            ["exec", "--depsfile", depsFile, "--runtimeconfig", runtimeConfig, input.RuntimeClientPath, handler]);
    }

    // The exact name when it is a regular file; else the glob "*<suffix>", which must match exactly one
    // entry (files or folders alike, never dot-files, as bash globs).
    private static string? Find(IReadOnlyList<TaskRootEntry> entries, string taskRoot, string exactName, string suffix)
    {
        if (IsFile(entries, exactName)) return $"{taskRoot}/{exactName}";
        var matches = entries
            .Where(e => e.Name.EndsWith(suffix, StringComparison.Ordinal) && !e.Name.StartsWith('.'))
            .ToList();
        return matches.Count == 1 ? $"{taskRoot}/{matches[0].Name}" : null;
    }

    private static bool IsFile(IReadOnlyList<TaskRootEntry> entries, string name) =>
        entries.Any(e => e.IsFile && e.Name == name);
}
