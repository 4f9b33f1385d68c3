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

    public static void Install(Func<string?> requestId)
    {
        Console.SetOut(new LambdaConsoleWriter(Console.Out, "info", requestId));
        Console.SetError(new LambdaConsoleWriter(Console.Error, "fail", requestId));
    }

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
