using System.Text;

namespace PhotoGallery.Rehearsal;

/// <summary>Writes each line to another writer with a prefix, one whole line at a time (parts log from many threads).</summary>
public sealed class IndentedWriter(TextWriter inner, string prefix) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                inner.WriteLine(prefix + _line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            inner.WriteLine(prefix + _line + value);
            _line.Clear();
        }
    }
}
