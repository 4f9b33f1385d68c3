using System.Globalization;
using System.Text;

namespace PhotoGallery.LambdaRuntime;

/// <summary>
/// What RuntimeSupport does to Console.Out and Console.Error: each line the function writes becomes a
/// log record <c>timestamp TAB request id TAB level TAB message</c> (<c>info</c> for stdout, <c>fail</c>
/// for stderr), so the function's log reads as it does in CloudWatch.
/// </summary>
internal sealed class LambdaConsoleWriter(TextWriter inner, string level, Func<string?> requestId) : TextWriter
{
    private readonly StringBuilder _pending = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n') EmitPending();
        else if (value != '\r') _pending.Append(value);
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "") Write(c);
    }

    /// <summary>One call, one record: a multi-line message keeps its lines under one prefix, as in RuntimeSupport.</summary>
    public override void WriteLine(string? value)
    {
        _pending.Append(value);
        EmitPending();
    }

    public override void Flush()
    {
        if (_pending.Length > 0) EmitPending();
        inner.Flush();
    }

    private void EmitPending()
    {
        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        inner.WriteLine($"{timestamp}\t{requestId()}\t{level}\t{_pending}");
        _pending.Clear();
    }
}

/// <summary>The process's console, with the function's output prefixed and the host's output marks.</summary>
internal sealed class LambdaConsole
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    private LambdaConsole(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public static LambdaConsole Install(Func<string?> requestId)
    {
        var console = new LambdaConsole(Console.Out, Console.Error);
        Console.SetOut(new LambdaConsoleWriter(console._out, "info", requestId));
        Console.SetError(new LambdaConsoleWriter(console._error, "fail", requestId));
        return console;
    }

    /// <summary>
    /// Tells the host that everything printed for <paramref name="token"/> (a request id, or "init") is
    /// out, so that its END line follows the function's own lines. The mark is not part of the log.
    /// </summary>
    public void MarkOutputDone(string token)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        _out.WriteLine(RuntimeProtocol.OutputMark + token);
        _error.WriteLine(RuntimeProtocol.OutputMark + token);
    }
}
