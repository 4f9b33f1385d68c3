namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>The dotnet host that starts function processes: the same .NET the rehearsal runs on.</summary>
public static class DotnetHost
{
    /// <summary>
    /// <c>Environment.ProcessPath</c> when it is dotnet itself (<c>dotnet exec</c>, <c>dotnet test</c>'s host),
    /// else <c>DOTNET_HOST_PATH</c> (set by the SDK for test hosts and build tasks), else the dotnet of the
    /// runtime running this code (an apphost started by <c>dotnet run</c> is not dotnet), else <c>dotnet</c>
    /// on PATH; the bare name when none is found, so that starting it fails with a clear message.
    /// </summary>
    public static string Find()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath)) return hostPath;

        // <root>/shared/Microsoft.NETCore.App/<version>/ holds the running runtime; <root>/dotnet is its host.
        var runtimeDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        if (File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "dotnet"))
            .FirstOrDefault(File.Exists);
        return onPath ?? "dotnet";
    }

    /// <summary>The folder holding dotnet and its shared frameworks (what the bootstrap exports as DOTNET_ROOT).</summary>
    public static string RootOf(string dotnetPath)
    {
        if (!Path.IsPathRooted(dotnetPath)) return "";
        var resolved = File.ResolveLinkTarget(dotnetPath, returnFinalTarget: true)?.FullName ?? dotnetPath;
        return Path.GetDirectoryName(resolved) ?? "";
    }
}
