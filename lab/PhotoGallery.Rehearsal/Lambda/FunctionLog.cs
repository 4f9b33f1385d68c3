namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>
/// One function's log, as its CloudWatch log group would hold it: Lambda's START/END/REPORT lines and
/// everything its processes printed. Each line is also written to the rehearsal's log, prefixed with the
/// function's name.
/// </summary>
internal sealed class FunctionLog(string functionName, TextWriter sink)
{
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    public void Write(string line)
    {
        lock (_gate)
        {
            _lines.Add(line);
            sink.WriteLine($"[{functionName}] {line}");
        }
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_gate) return [.. _lines];
    }
}
