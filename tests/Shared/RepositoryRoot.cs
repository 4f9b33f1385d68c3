namespace PhotoGallery.Testing;

/// <summary>The repository's root folder (the one holding PhotoGallery.sln), found from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path under the root, e.g. <c>RepositoryRoot.Combine("frontend")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "PhotoGallery.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No PhotoGallery.sln above {AppContext.BaseDirectory}.");
    }
}
