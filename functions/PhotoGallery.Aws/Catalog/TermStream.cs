namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// The positions (<c>&lt;createdAt&gt;#&lt;id&gt;</c>) under one search term, newest first, read a page at a time
/// from below a starting position. <see cref="SkipTo"/> lets an intersection jump ahead: when the buffered
/// page runs out, the next Query starts at the target instead of reading every position in between.
/// </summary>
internal sealed class TermStream(string term, string? before, int pageSize, TermStream.ReadPage read)
{
    /// <summary>Reads up to <c>limit</c> positions of <c>term</c>, newest first, below <c>bound</c> (or at most it when inclusive).</summary>
    public delegate Task<(List<string> Positions, bool More)> ReadPage(
        string term, string? bound, bool inclusive, int limit, CancellationToken cancellationToken);

    private readonly Queue<string> _buffer = new();
    private string? _bound = before;
    private bool _inclusive;
    private bool _more = true;

    public string Term => term;

    /// <summary>Term items this stream has read so far.</summary>
    public int ItemsRead { get; private set; }

    /// <summary>The smallest position taken off this stream, or <c>null</c> when none was.</summary>
    public string? LowestConsumed { get; private set; }

    /// <summary>The current position, or <c>null</c> when the term has no more.</summary>
    public async Task<string?> HeadAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0 && _more)
        {
            var (positions, more) = await read(term, _bound, _inclusive, pageSize, cancellationToken);
            ItemsRead += positions.Count;
            foreach (var position in positions) _buffer.Enqueue(position);
            _more = more;
            if (positions.Count > 0)
            {
                _bound = positions[^1];
                _inclusive = false;
            }
        }
        return _buffer.TryPeek(out var head) ? head : null;
    }

    /// <summary>Takes the current position off the stream.</summary>
    public void Pop() => LowestConsumed = _buffer.Dequeue();

    /// <summary>Passes every position newer than <paramref name="target"/>; none of them can be in the intersection.</summary>
    public void SkipTo(string target)
    {
        while (_buffer.TryPeek(out var head) && string.CompareOrdinal(head, target) > 0) LowestConsumed = _buffer.Dequeue();
        if (_buffer.Count > 0 || !_more) return;
        // The page ran out before the target: the next read starts at it.
        _bound = target;
        _inclusive = true;
    }
}
