using System.Text.RegularExpressions;
using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Docs.Tests.Support;

namespace PhotoGallery.Docs.Tests;

/// <summary>The pages as a whole: links that resolve, an index that lists every step, snippets copied from the code.</summary>
public sealed partial class PagesTests
{
    private static IEnumerable<TestCaseData> Pages() =>
        Repository.MarkdownFiles().Select(f => new TestCaseData(Repository.Relative(f)).SetArgDisplayNames(Repository.Relative(f)));

    [TestCaseSource(nameof(Pages))]
    public void RelativeLinks_EveryLink_ResolvesToAFileAndHeading(string page)
    {
        var path = Path.Combine(Repository.Root, page);
        var broken = new List<string>();
        foreach (var (line, target) in Markdown.Links(path))
        {
            if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase)) continue;
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved)) broken.Add($"{page}:{line}: {target} (no such file)");
            else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Markdown.Anchors(resolved).Contains(anchor))
                broken.Add($"{page}:{line}: {target} (no such heading)");
        }

        Assert.That(broken, Is.Empty, string.Join('\n', broken));
    }

    [Test]
    public void Index_EveryStepPage_ListedInOrder()
    {
        var steps = Directory.EnumerateFiles(Path.Combine(Repository.Docs, "lab"), "??-*.md").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var linked = Markdown.Links(Path.Combine(Repository.Docs, "lab", "README.md")).Select(l => l.Target).Where(t => Regex.IsMatch(t, @"^\d\d-")).ToList();

        Assert.That(steps, Has.Count.EqualTo(11));
        Assert.That(linked, Is.EqualTo(steps));
        for (var i = 0; i < steps.Count; i++) Assert.That(steps[i], Does.StartWith($"{i + 1:00}-"));
    }

    [Test]
    public void StepPages_EachOne_HasAGoalACheckpointAndCommonMistakes()
    {
        foreach (var step in Directory.EnumerateFiles(Path.Combine(Repository.Docs, "lab"), "??-*.md").Where(f => !f.EndsWith("11-extensions.md", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(step);
            Assert.That(text, Does.Contain("**Goal:**"), step);
            Assert.That(text, Does.Contain("Checkpoint"), step);
            Assert.That(text, Does.Contain("## Common mistakes"), step);
        }
    }

    [Test]
    public void Readme_DocumentationSection_LinksTheGuideAndReferences()
    {
        var links = Markdown.Links(Path.Combine(Repository.Root, "README.md")).Select(l => l.Target).ToList();

        Assert.That(links, Is.SupersetOf(new[] { "docs/lab/README.md", "docs/api.md", "docs/troubleshooting.md", "docs/instructors.md" }));
    }

    [Test]
    public void CSharpSnippets_EveryLine_IsCopiedFromTheCode()
    {
        var code = Directory.EnumerateFiles(Path.Combine(Repository.Root, "functions"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "lab"), "*.cs", SearchOption.AllDirectories))
            .SelectMany(File.ReadAllLines).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var snippets = Repository.MarkdownFiles().SelectMany(Markdown.CodeBlocks).Where(b => b.Language == "csharp").ToList();

        Assert.That(snippets, Is.Not.Empty);
        foreach (var snippet in snippets)
        {
            foreach (var line in snippet.Code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
                Assert.That(code, Does.Contain(line), $"{snippet.Where}: not in the code: {line}");
        }
    }

    [Test]
    public void ApiReference_EveryRoute_HasASection()
    {
        var headings = File.ReadAllLines(Path.Combine(Repository.Docs, "api.md")).Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..]);

        Assert.That(headings, Is.SupersetOf(RouteTable.All.Select(r => r.Key)));
    }

    [Test]
    public void ApiReference_ErrorTable_EveryCodeOnceWithItsStatus()
    {
        var rows = AwsCliExamplesTests.TableRows(Path.Combine(Repository.Docs, "api.md"))
            .Where(r => r.Length == 3 && Enum.GetNames<ErrorCode>().Contains(r[0].Trim('`'))).ToList();

        Assert.That(rows.Select(r => r[0].Trim('`')), Is.EquivalentTo(Enum.GetNames<ErrorCode>()));
        foreach (var row in rows)
            Assert.That(row[1], Is.EqualTo(ErrorCodes.StatusOf(Enum.Parse<ErrorCode>(row[0].Trim('`'))).ToString(System.Globalization.CultureInfo.InvariantCulture)), row[0]);
    }

    [Test]
    public void StatusAndCode_EveryPairWrittenInThePages_MatchesTheCode()
    {
        var pairs = Repository.MarkdownFiles()
            .SelectMany(f => StatusAndCode().Matches(File.ReadAllText(f)).Select(m => (Page: Repository.Relative(f), Status: m.Groups[1].Value, Code: m.Groups[2].Value)))
            .ToList();

        Assert.That(pairs, Has.Count.GreaterThan(20));
        foreach (var (page, status, code) in pairs.Where(p => !ReasonPhrases.Contains(p.Code) || Enum.GetNames<ErrorCode>().Contains(p.Code)))
        {
            Assert.That(Enum.GetNames<ErrorCode>().Contains(code) && Enum.TryParse<ErrorCode>(code, out _), Is.True, $"{page}: `{status} {code}` is not an error code");
            Assert.That(ErrorCodes.StatusOf(Enum.Parse<ErrorCode>(code)).ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(status), $"{page}: `{status} {code}`");
        }
    }

    /// <summary>HTTP reason phrases written after a status (`201 Created`): not error codes.</summary>
    private static readonly HashSet<string> ReasonPhrases = new(StringComparer.Ordinal) { "OK", "Created", "Unauthorized", "Conflict", "Accepted" };

    [GeneratedRegex(@"`(\d{3}) ([A-Z][A-Za-z]+)`")]
    private static partial Regex StatusAndCode();
}
