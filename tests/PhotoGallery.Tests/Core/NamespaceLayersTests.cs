using System.Text.RegularExpressions;
using NUnit.Framework;

namespace PhotoGallery.Tests.Core;

/// <summary>
/// PhotoGallery.Core's folders are layers: the domain (errors, photos, search, users) knows nothing of
/// ports, HTTP or requests; HTTP is mapped in one place. A cycle between folders fails here by name.
/// </summary>
public sealed partial class NamespaceLayersTests
{
    private static readonly string Core = Path.Combine(RepositoryRoot.Path, "functions", "PhotoGallery.Core");

    [Test]
    public void Folders_UsingEachOther_FormNoCycle()
    {
        var uses = Uses();
        foreach (var start in uses.Keys)
        {
            var cycle = CycleFrom(start, start, uses, [start]);
            Assert.That(cycle, Is.Null, $"namespace cycle: {string.Join(" -> ", cycle ?? [])}");
        }
    }

    [TestCase("Errors")]
    [TestCase("Photos")]
    [TestCase("Search")]
    [TestCase("Users")]
    public void Domain_UsesNeitherHttpNorPortsNorRequests(string folder) =>
        Assert.That(Uses()[folder], Has.None.AnyOf("Http", "Ports", "Requests", "Services", "Functions"));

    /// <summary>Each folder of PhotoGallery.Core and the other folders its files name in <c>using</c> lines.</summary>
    private static Dictionary<string, HashSet<string>> Uses() =>
        Directory.GetDirectories(Core).Where(d => Directory.GetFiles(d, "*.cs").Length > 0).ToDictionary(
            d => Path.GetFileName(d)!,
            d => Directory.GetFiles(d, "*.cs").SelectMany(f => CoreUsing().Matches(File.ReadAllText(f)).Select(m => m.Groups["folder"].Value))
                .Where(other => other != Path.GetFileName(d)).ToHashSet());

    private static List<string>? CycleFrom(string start, string current, Dictionary<string, HashSet<string>> uses, List<string> path)
    {
        foreach (var next in uses.GetValueOrDefault(current, []))
        {
            if (next == start) return [.. path, next];
            if (path.Contains(next)) continue;
            if (CycleFrom(start, next, uses, [.. path, next]) is { } cycle) return cycle;
        }
        return null;
    }

    [GeneratedRegex(@"^using PhotoGallery\.Core\.(?<folder>\w+);", RegexOptions.Multiline)]
    private static partial Regex CoreUsing();
}
