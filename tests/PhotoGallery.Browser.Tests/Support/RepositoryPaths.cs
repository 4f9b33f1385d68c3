namespace PhotoGallery.Browser.Tests.Support;

/// <summary>Folders of the repository the tests read and write, found from the test assembly's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Frontend => Path.Combine(Root, "frontend");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PhotoGallery.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No PhotoGallery.sln above {AppContext.BaseDirectory}.");
    }
}
