namespace PhotoGallery.Emulators;

/// <summary>Finds <c>lab/emulators</c> (package.json, node_modules) from wherever the program runs.</summary>
public static class EmulatorFolder
{
    /// <summary>Set this to use another copy of the emulators folder.</summary>
    public const string Variable = "PHOTOGALLERY_EMULATORS_DIR";

    public static string Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured) return Path.GetFullPath(configured);
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "lab", "emulators");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new InvalidOperationException(
            $"Cannot find lab/emulators/package.json above {AppContext.BaseDirectory}; set {Variable}.");
    }
}
