using System.Reflection;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace PhotoGallery.Tests.Shared;

/// <summary>
/// Every category is one of <see cref="TestCategories"/>' constants, in the test sources of every project and
/// in the filters the docs and scripts show: a category spelled two ways lets a filter miss tests.
/// </summary>
public sealed partial class TestCategoriesTests
{
    // Built from parts, so that this file holds no category attribute of its own.
    private const string Attribute = "Category";

    private static readonly FieldInfo[] Constants = typeof(TestCategories).GetFields(BindingFlags.Public | BindingFlags.Static);

    [Test]
    public void TestSources_EveryProject_OnlyTheConstants()
    {
        var strays = Files(RepositoryRoot.Combine("tests"), "*.cs")
            .SelectMany(file => Strays(File.ReadAllText(file)).Select(stray => $"{Relative(file)}: {stray}"));

        Assert.That(strays, Is.Empty, "use a constant of tests/Shared/TestCategories.cs (add one there for a new category)");
    }

    [Test]
    public void TestSources_EveryConstant_UsedBySomeFixture()
    {
        var sources = string.Join('\n', Files(RepositoryRoot.Combine("tests"), "*.cs").Select(File.ReadAllText));

        Assert.That(Constants.Where(c => !sources.Contains($"{Attribute}(TestCategories.{c.Name})", StringComparison.Ordinal)).Select(c => c.Name), Is.Empty);
    }

    [Test]
    public void Filters_InDocsAndScripts_NameAConstant()
    {
        var values = Constants.Select(c => (string)c.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);
        var documents = Files(RepositoryRoot.Path, "*.md").Concat(Files(RepositoryRoot.Combine(".ci"), "*"));

        var unknown = documents.SelectMany(file => Filter().Matches(File.ReadAllText(file))
            .Where(filter => !values.Contains(filter.Groups["name"].Value))
            .Select(filter => $"{Relative(file)}: {filter.Value}"));

        Assert.That(unknown, Is.Empty);
    }

    [TestCase($"[{Attribute}(\"Emulator\")]")]
    [TestCase($"[{Attribute}( \"Emulators\" )]")]
    [TestCase($"[assembly: {Attribute}(\"Slow\")]")]
    [TestCase($"[TestCase(1, {Attribute} = \"Slow\")]")]
    [TestCase($"[TestFixture({Attribute}=\"Browser\")]")]
    [TestCase($"[{Attribute}(Categories.Emulators)]")]
    [TestCase($"[{Attribute}(TestCategories.Emulator)]")]
    public void Strays_LiteralOrUnknownConstant_Reported(string source) =>
        Assert.That(Strays(source), Has.Count.EqualTo(1));

    [TestCase($"[{Attribute}(TestCategories.Emulators)]")]
    [TestCase($"[{Attribute}(TestCategories.Rehearsal), NonParallelizable]")]
    [TestCase("var filter = \"TestCategory!=Emulators\";")]
    public void Strays_Constant_NoneReported(string source) =>
        Assert.That(Strays(source), Is.Empty);

    /// <summary>The arguments of category attributes in <paramref name="source"/> that are not <c>TestCategories.X</c>.</summary>
    private static List<string> Strays(string source) =>
        CategoryArgument().Matches(source)
            .Select(match => match.Groups["argument"].Value.Trim())
            .Where(argument => !Constants.Any(c => argument == $"TestCategories.{c.Name}"))
            .ToList();

    /// <summary>Files under <paramref name="folder"/>, leaving out build output and installed packages.</summary>
    private static IEnumerable<string> Files(string folder, string pattern)
    {
        if (!Directory.Exists(folder)) yield break;
        foreach (var file in Directory.EnumerateFiles(folder, pattern)) yield return file;
        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            if (Path.GetFileName(child) is "bin" or "obj" or "node_modules" or ".git") continue;
            foreach (var file in Files(child, pattern)) yield return file;
        }
    }

    private static string Relative(string file) => Path.GetRelativePath(RepositoryRoot.Path, file);

    // The attribute with its argument in parentheses (on a test, a fixture or the assembly), or the named
    // argument of the same name on [TestCase] and [TestFixture].
    [GeneratedRegex(@"\bCategory\s*(?:\(\s*(?<argument>[^)]*)\)|=\s*(?<argument>[^,)\]]*))")]
    private static partial Regex CategoryArgument();

    // dotnet test --filter "TestCategory!=Emulators", also spelled with Category alone, and with = ~ !~.
    [GeneratedRegex(@"\b(?:Test)?Category\s*(?:!=|=|!~|~)\s*(?<name>\w+)")]
    private static partial Regex Filter();
}
