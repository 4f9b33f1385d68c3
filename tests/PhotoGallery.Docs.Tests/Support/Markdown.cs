using System.Text.RegularExpressions;

namespace PhotoGallery.Docs.Tests.Support;

/// <summary>A fenced code block of a markdown file, with the paragraph just before it.</summary>
/// <param name="File">The file, relative to the repository root.</param>
/// <param name="Line">The line of the opening fence (1-based).</param>
/// <param name="Language">The first word of the info string (<c>bash</c>, <c>json</c>, …).</param>
/// <param name="Tags">The rest of the info string (<c>aws</c>): markers renderers ignore.</param>
/// <param name="Intro">The text of the paragraph right before the fence, if any.</param>
public sealed partial record CodeBlock(string File, int Line, string Language, IReadOnlyList<string> Tags, string Code, string Intro)
{
    public string Where => $"{File}:{Line}";

    /// <summary>A plain <c>bash</c> block: tagged ones (<c>bash aws</c>) are for a deployment, checked but never run.</summary>
    public bool IsPlainBash => Language == "bash" && Tags.Count == 0;

    /// <summary>True when the block calls the gallery through <c>$API</c>.</summary>
    public bool UsesApi => ApiVariable().IsMatch(Code);

    /// <summary>A "you should see" block: what the command before it prints.</summary>
    public bool IsExpectation => YouShouldSee().IsMatch(Intro);

    [GeneratedRegex(@"\$\{?API\b")]
    private static partial Regex ApiVariable();

    [GeneratedRegex(@"you should see", RegexOptions.IgnoreCase)]
    private static partial Regex YouShouldSee();
}

/// <summary>Reads the parts of markdown the tests care about: fenced code blocks and links.</summary>
public static partial class Markdown
{
    /// <summary>
    /// The commands the tests run against a local host: every plain <c>bash</c> block from the first one
    /// that uses <c>$API</c> to the end of the document (later blocks chain on its variables), in order.
    /// </summary>
    public static IReadOnlyList<CodeBlock> LocalCommands(IReadOnlyList<CodeBlock> blocks)
    {
        var first = blocks.ToList().FindIndex(b => b.IsPlainBash && b.UsesApi);
        return first < 0 ? [] : blocks.Skip(first).Where(b => b.IsPlainBash).ToList();
    }

    public static IReadOnlyList<CodeBlock> CodeBlocks(string path)
    {
        var file = Repository.Relative(path);
        var lines = File.ReadAllLines(path);
        var blocks = new List<CodeBlock>();
        var paragraph = new List<string>();
        var blank = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                // The paragraph before a fence is the last run of non-blank lines, blank lines around it allowed.
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    blank = true;
                    continue;
                }
                if (blank) paragraph.Clear();
                blank = false;
                paragraph.Add(lines[i].Trim());
                continue;
            }
            var indent = fence.Groups["indent"].Value.Length;
            var marker = fence.Groups["fence"].Value;
            var info = fence.Groups["info"].Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var code = new List<string>();
            var start = i + 1;
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith(marker, StringComparison.Ordinal); i++)
            {
                code.Add(lines[i].Length >= indent && string.IsNullOrWhiteSpace(lines[i][..indent]) ? lines[i][indent..] : lines[i].TrimStart());
            }
            blocks.Add(new CodeBlock(file, start, info.FirstOrDefault() ?? "", info.Skip(1).ToList(), string.Join('\n', code), string.Join(' ', paragraph)));
            paragraph.Clear();
            blank = false;
        }
        return blocks;
    }

    /// <summary>The targets of inline links and images (<c>[text](target)</c>), with their line numbers, outside code.</summary>
    public static IEnumerable<(int Line, string Target)> Links(string path)
    {
        var inCode = false;
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (Fence().IsMatch(lines[i]))
            {
                inCode = !inCode;
                continue;
            }
            if (inCode) continue;
            var text = InlineCode().Replace(lines[i], "");
            foreach (Match link in Link().Matches(text)) yield return (i + 1, link.Groups["target"].Value);
        }
    }

    /// <summary>The anchors GitHub makes for a file's headings (lower case, punctuation dropped, spaces to hyphens).</summary>
    public static IReadOnlySet<string> Anchors(string path)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inCode = false;
        foreach (var line in File.ReadAllLines(path))
        {
            if (Fence().IsMatch(line)) inCode = !inCode;
            if (inCode) continue;
            var heading = Heading().Match(line);
            if (!heading.Success) continue;
            var slug = Slug(heading.Groups["text"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++) unique = $"{slug}-{n}";
        }
        return anchors;
    }

    public static string Slug(string heading)
    {
        var text = InlineCode().Replace(heading, m => m.Value.Trim('`')).Trim().ToLowerInvariant();
        text = Regex.Replace(text, @"\[([^\]]*)\]\([^)]*\)", "$1");
        text = Regex.Replace(text, @"[^\p{L}\p{N}\s_-]", "");
        return text.Replace(' ', '-');
    }

    [GeneratedRegex(@"^(?<indent>\s*)(?<fence>```+|~~~+)(?<info>.*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
