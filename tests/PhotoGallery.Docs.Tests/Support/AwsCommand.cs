using System.Text;
using System.Text.RegularExpressions;

namespace PhotoGallery.Docs.Tests.Support;

/// <summary>One <c>aws &lt;service&gt; &lt;operation&gt;</c> call written in the docs, with its options as the shell passes them.</summary>
public sealed record AwsCommand(CodeBlock Block, string Service, string Operation, IReadOnlyDictionary<string, IReadOnlyList<string>> Options)
{
    public string Where => Block.Where;

    /// <summary>The single value of <paramref name="option"/>, or <c>null</c> when it is not given.</summary>
    public string? Option(string option) => Options.TryGetValue(option, out var values) ? (values.Count > 0 ? values[0] : null) : null;
}

/// <summary>
/// Reads shell commands out of code blocks the way bash would split them: lines joined at a trailing
/// backslash, comments dropped, words split on blanks outside quotes, quotes removed, <c>$(…)</c> kept
/// whole inside a word. Enough for the guide's commands, not a shell.
/// </summary>
public static partial class Shell
{
    /// <summary>The block's commands, one per logical line.</summary>
    public static IReadOnlyList<string> LogicalLines(string code)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in code.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (current.Length == 0 && line.TrimStart().StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }
            current.Append(line);
            if (current.ToString().Trim().Length > 0) lines.Add(current.ToString().Trim());
            current.Clear();
        }
        return lines;
    }

    /// <summary>Every <c>aws</c> call in the blocks, including those inside <c>$(…)</c>.</summary>
    public static IReadOnlyList<AwsCommand> AwsCommands(IEnumerable<CodeBlock> blocks)
    {
        var commands = new List<AwsCommand>();
        foreach (var block in blocks.Where(b => b.Language == "bash"))
        {
            foreach (var line in LogicalLines(block.Code))
            {
                foreach (Match match in AwsCall().Matches(line))
                {
                    var words = Words(line[match.Index..]);
                    var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                    List<string>? open = null;
                    foreach (var word in words.Skip(3))
                    {
                        if (word.StartsWith("--", StringComparison.Ordinal))
                        {
                            // A repeated option (--exclude a --exclude b) collects every value.
                            if (!options.TryGetValue(word, out open))
                            {
                                open = [];
                                options[word] = open;
                            }
                        }
                        else
                        {
                            open?.Add(word);
                        }
                    }
                    commands.Add(new AwsCommand(block, words[1], words[2],
                        options.ToDictionary(o => o.Key, o => (IReadOnlyList<string>)o.Value, StringComparer.Ordinal)));
                }
            }
        }
        return commands;
    }

    /// <summary>
    /// The words of one command, up to the end of the command: a <c>)</c> closing the <c>$(</c> it sits in,
    /// a pipe, a <c>;</c>, <c>&amp;&amp;</c>, or a redirection.
    /// </summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                word.Append(text, i + 1, (end < 0 ? text.Length : end) - i - 1);
                i = end < 0 ? text.Length : end;
                inWord = true;
            }
            else if (c == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$') i++;
                    word.Append(text[i]);
                }
                inWord = true;
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '(')
            {
                var depth = 0;
                var start = i;
                for (; i < text.Length; i++)
                {
                    if (text[i] == '(') depth++;
                    else if (text[i] == ')' && --depth == 0) break;
                }
                word.Append(text, start, Math.Min(i, text.Length - 1) - start + 1);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c) || c is ')' or '|' or ';' or '>' or '&')
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                if (!char.IsWhiteSpace(c)) break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    [GeneratedRegex(@"(?<![\w/.-])aws\s+[a-z0-9-]+\s+[a-z0-9-]+")]
    private static partial Regex AwsCall();
}
