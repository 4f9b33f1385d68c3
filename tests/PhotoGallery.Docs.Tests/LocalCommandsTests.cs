using NUnit.Framework;
using PhotoGallery.Docs.Tests.Support;

namespace PhotoGallery.Docs.Tests;

/// <summary>
/// Every command in the docs that talks to the gallery runs against a fresh local host, document by document,
/// in order, in one shell, as a student would type them (<see cref="Markdown.LocalCommands"/>: plain
/// <c>bash</c> blocks from the first that uses <c>$API</c> on); each must succeed, and what it prints must
/// match the "you should see" block after it.
/// </summary>
public sealed class LocalCommandsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>The documents that hold commands for the local host.</summary>
    public static IEnumerable<TestCaseData> Documents() =>
        Repository.MarkdownFiles()
            .Where(f => Markdown.LocalCommands(Markdown.CodeBlocks(f)).Count > 0)
            .Select(f => new TestCaseData(Repository.Relative(f)).SetArgDisplayNames(Repository.Relative(f)));

    [Test]
    public void Documents_GuideAndApiReference_HaveCommandsToRun()
    {
        var documents = Documents().Select(d => (string)d.Arguments[0]!).ToList();

        Assert.That(documents, Does.Contain("docs/api.md").And.Contain("docs/lab/02-run-locally.md"));
    }

    [TestCaseSource(nameof(Documents))]
    public async Task Commands_RunAgainstTheLocalHost_PrintWhatTheDocsShow(string document)
    {
        var blocks = Markdown.CodeBlocks(Path.Combine(Repository.Root, document));
        var runnable = Markdown.LocalCommands(blocks);
        await using var gallery = await LocalGallery.StartAsync();

        var results = await ShellSession.RunAsync(runnable, gallery.BaseUrl, Timeout);

        var api = gallery.BaseUrl.ToString().TrimEnd('/');
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var result in results)
        {
            if (result.ExitCode != 0)
                failures.Add($"{result.Block.Where}: exit status {result.ExitCode}\n{result.Output}");
            if (ExpectationAfter(blocks, result.Block) is not { } expectation) continue;
            checkedCount++;
            var differences = Expectation.Compare(expectation.Language, ShellSession.Localize(expectation.Code, api), result.Output);
            if (differences.Count > 0)
                failures.Add($"{result.Block.Where}: the output differs from {expectation.Where}:\n  {string.Join("\n  ", differences)}\nOutput:\n{result.Output}");
        }

        Assert.That(failures, Is.Empty, string.Join("\n\n", failures));
        Assert.That(checkedCount, Is.GreaterThan(0), $"{document} runs commands but shows none of their output (\"You should see\").");
    }

    /// <summary>The "you should see" block right after a command block, if the next block is one.</summary>
    private static CodeBlock? ExpectationAfter(IReadOnlyList<CodeBlock> blocks, CodeBlock command)
    {
        var index = blocks.ToList().IndexOf(command);
        return index + 1 < blocks.Count && blocks[index + 1].IsExpectation ? blocks[index + 1] : null;
    }
}
