namespace PhotoGallery.Docs.Tests.Support;

/// <summary>Where the repository and its documentation are, found from the test's output folder.</summary>
public static class Repository
{
    public static string Root => RepositoryRoot.Path;

    public static string Docs => Path.Combine(Root, "docs");

    /// <summary>Every markdown file under docs/, plus the README that links to them.</summary>
    public static IReadOnlyList<string> MarkdownFiles() =>
        Directory.EnumerateFiles(Docs, "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(Root, "README.md"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>A path relative to the repository root, with forward slashes (how the docs write it).</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));
}
