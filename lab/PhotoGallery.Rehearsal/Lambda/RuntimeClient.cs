namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>
/// The runtime client (lab/PhotoGallery.LambdaRuntime) in a launch's runtime directory, where Lambda keeps
/// Amazon.Lambda.RuntimeSupport.dll (<c>/var/runtime</c>). The rehearsal's build output carries it (a
/// project reference); the service copies it into each <see cref="FunctionLaunch.RuntimeDirectory"/> that
/// lacks it or holds an older one. Its deps.json and runtimeconfig.json are not copied: the function's own
/// are the ones <c>dotnet exec</c> is given, as on Lambda.
/// </summary>
internal static class RuntimeClient
{
    public const string FileName = "PhotoGallery.LambdaRuntime.dll";

    /// <summary>Beside the rehearsal's own assemblies (its bin folder, or a test project's).</summary>
    public static string DefaultSource => Path.Combine(AppContext.BaseDirectory, FileName);

    /// <returns>A problem to report, or null when the runtime directory holds the client.</returns>
    public static string? EnsureIn(string runtimeDirectory, string source)
    {
        var target = Path.Combine(runtimeDirectory, FileName);
        if (!File.Exists(source))
            return File.Exists(target) ? null
                : $"The runtime client {FileName} is neither in {runtimeDirectory} nor at {source}; build lab/PhotoGallery.Rehearsal (it references lab/PhotoGallery.LambdaRuntime).";
        if (Path.GetFullPath(source) == Path.GetFullPath(target)) return null;
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(File.ReadAllBytes(source))) return null;

        Directory.CreateDirectory(runtimeDirectory);
        // Copy then rename, so an instance starting meanwhile never sees half a file.
        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        File.Copy(source, partial);
        File.Move(partial, target, overwrite: true);
        return null;
    }
}
