using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PhotoGallery.Docs.Tests.Support;

/// <summary>What one block printed (stdout and stderr together, as a terminal shows them) and its exit status.</summary>
public sealed record BlockResult(CodeBlock Block, string Output, int ExitCode);

/// <summary>
/// Runs a document's commands the way a student types them: one bash session for the whole document, in
/// the repository root, blocks in order, so variables set by one block (the code from the outbox, the
/// token) are there for the next. The only change is the address: the docs say http://localhost:5080, the
/// tests' host listens on a free port.
/// </summary>
public static partial class ShellSession
{
    public const string DocumentedBaseUrl = "http://localhost:5080";
    private const string EndMarker = "@@@docs-block-end";

    public static async Task<IReadOnlyList<BlockResult>> RunAsync(IReadOnlyList<CodeBlock> blocks, Uri baseUrl, TimeSpan timeout)
    {
        var api = baseUrl.ToString().TrimEnd('/');
        var script = new StringBuilder();
        script.AppendLine("exec 2>&1");
        script.AppendLine($"cd '{Repository.Root}'");
        script.AppendLine($"export API='{api}'");
        foreach (var block in blocks)
        {
            script.AppendLine(Localize(block.Code, api));
            script.AppendLine($"printf '\\n{EndMarker} %d\\n' $?");
        }

        var start = new ProcessStartInfo("bash", "--noprofile --norc -s")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(script.ToString());
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The commands of {(blocks.Count > 0 ? blocks[0].File : "")} did not finish in {timeout}:\n{await output}");
        }

        // Colours are what a terminal shows as colour, not text: drop their escape codes, as a reader's eye does.
        var text = AnsiEscape().Replace((await output).Replace("\r\n", "\n", StringComparison.Ordinal) + await errors, "");
        var parts = EndLine().Split(text);
        // Split with a capture group: output, status, output, status, …, rest.
        var results = new List<BlockResult>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (2 * i + 1 >= parts.Length)
                throw new InvalidOperationException($"The shell stopped before {blocks[i].Where} finished:\n{text}");
            results.Add(new BlockResult(blocks[i], parts[2 * i].Trim('\n'), int.Parse(parts[2 * i + 1], System.Globalization.CultureInfo.InvariantCulture)));
        }
        return results;
    }

    /// <summary>The block with the documented address replaced by the test host's.</summary>
    public static string Localize(string text, string api) => text.Replace(DocumentedBaseUrl, api, StringComparison.Ordinal);

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"\n" + EndMarker + @" (\d+)\n")]
    private static partial Regex EndLine();
}
