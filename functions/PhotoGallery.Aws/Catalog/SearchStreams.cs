using Amazon.DynamoDBv2.Model;

namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// One way to answer a search: positions newest first that pass DynamoDB's filter, every match of the query among
/// them. Every stream of a query finds the same matches in the same order (with different non-matches: stale items,
/// or items without <c>Words</c>, which the photo items weed out); they differ in how many items each must read.
/// </summary>
internal interface ISearchStream
{
    /// <summary>Positions that passed the filter, newest first, at or above <see cref="LowestRead"/>; only ever appended to.</summary>
    IReadOnlyList<string> Candidates { get; }

    /// <summary>Items read so far (what DynamoDB evaluated and charged for, filtered out or not).</summary>
    int ItemsRead { get; }

    /// <summary>The position at and above which every match is in <see cref="Candidates"/>; <c>null</c> before the first read.</summary>
    string? LowestRead { get; }

    /// <summary>True when nothing is left to read: the candidates are all there are.</summary>
    bool Exhausted { get; }

    /// <summary>True when DynamoDB filters the items read: not every item is a candidate.</summary>
    bool Filtered { get; }

    /// <summary>How many items the last read asked for: the next one asks for more while it finds nothing.</summary>
    int LastLimit { get; }

    /// <summary>Reads on with <paramref name="read"/>, which queries one partition's next page.</summary>
    Task ReadAsync(Func<PartitionStream, Task> read);

    /// <summary>How many partitions the first read queries at once: what it may read is shared among them.</summary>
    int Width { get; }
}

internal static class SearchStreams
{
    /// <summary>Matches per item read so far: the stream with the most finds a page soonest.</summary>
    public static double Density(this ISearchStream stream) =>
        stream.ItemsRead == 0 ? 0 : (double)stream.Candidates.Count / stream.ItemsRead;
}

/// <summary>
/// The items of one partition (a term, a pair or an overflow; see <see cref="SearchTerms"/>) between two positions,
/// newest first, filtered by DynamoDB on the query words the partition does not imply.
/// </summary>
/// <param name="before">Only positions below this one (the cursor, or where pairs begin), or <c>null</c> for the newest.</param>
/// <param name="after">Only positions above this one (where pairs begin: <see cref="PairLayout"/>), or <c>null</c> for all.</param>
internal sealed class PartitionStream(string partition, IReadOnlyList<string> filterWords, string? before = null, string? after = null) : ISearchStream
{
    private readonly List<string> _candidates = [];

    public string Partition => partition;

    /// <summary>The query words DynamoDB checks on each item; none when every item of the partition is a match.</summary>
    public IReadOnlyList<string> FilterWords => filterWords;

    public string? Before => before;

    public string? After => after;

    public IReadOnlyList<string> Candidates => _candidates;

    public int ItemsRead { get; private set; }

    public string? LowestRead { get; private set; }

    public bool Exhausted { get; private set; }

    public bool Filtered => filterWords.Count > 0;

    public int LastLimit { get; private set; }

    /// <summary>Where the next Query starts (DynamoDB's LastEvaluatedKey), or <c>null</c> for the first.</summary>
    public Dictionary<string, AttributeValue>? NextStart { get; private set; }

    public int Width => 1;

    public Task ReadAsync(Func<PartitionStream, Task> read) => read(this);

    public void Add(QueryResponse response, int limit)
    {
        LastLimit = limit;
        ItemsRead += response.ScannedCount ?? 0;
        _candidates.AddRange((response.Items ?? []).Select(item => item[PhotoTable.SortKey].S));
        if (response.LastEvaluatedKey is { Count: > 0 } next)
        {
            NextStart = next;
            LowestRead = next[PhotoTable.SortKey].S;
        }
        else
        {
            Exhausted = true;
        }
    }
}

/// <summary>
/// Two partitions read as one (a pair and an overflow, whose photos never overlap): their candidates merged newest
/// first, each confirmed only once the other has read past it, so the list stays in order and only grows.
/// </summary>
internal sealed class MergedStream(PartitionStream first, PartitionStream second) : ISearchStream
{
    private readonly PartitionStream[] _parts = [first, second];
    private readonly List<string> _candidates = [];
    private readonly int[] _taken = new int[2];

    public IReadOnlyList<string> Candidates => _candidates;

    public int ItemsRead => first.ItemsRead + second.ItemsRead;

    public string? LowestRead { get; private set; }

    public bool Exhausted => first.Exhausted && second.Exhausted;

    public bool Filtered => first.Filtered || second.Filtered;

    public int LastLimit => Math.Max(first.LastLimit, second.LastLimit);

    public int Width => _parts.Length;

    /// <summary>The first read reads both parts at once; the next ones read the part that is behind.</summary>
    public async Task ReadAsync(Func<PartitionStream, Task> read)
    {
        var unread = _parts.Where(part => part.LastLimit == 0).ToList();
        if (unread.Count > 0) await Task.WhenAll(unread.Select(read));
        else await read(_parts.Where(part => !part.Exhausted).MaxBy(part => part.LowestRead, StringComparer.Ordinal)!);
        Confirm();
    }

    /// <summary>
    /// Moves into <see cref="Candidates"/> every part's candidate at or above the frontier, the highest position a
    /// part has read down to (a part has evaluated everything from its newest down to its <see cref="LowestRead"/>).
    /// A position in both parts (left by an interrupted save that moved a photo between them) is taken once.
    /// </summary>
    private void Confirm()
    {
        var open = _parts.Where(part => !part.Exhausted).ToList();
        if (open.Any(part => part.LowestRead is null)) return;
        var frontier = open.Count == 0 ? null : open.Select(part => part.LowestRead).Max(StringComparer.Ordinal);
        while (true)
        {
            var next = Enumerable.Range(0, _parts.Length)
                .Where(i => _taken[i] < _parts[i].Candidates.Count)
                .Select(i => (Part: i, Position: _parts[i].Candidates[_taken[i]]))
                .Where(candidate => frontier is null || string.CompareOrdinal(candidate.Position, frontier) >= 0)
                .OrderByDescending(candidate => candidate.Position, StringComparer.Ordinal)
                .FirstOrDefault();
            if (next.Position is null) break;
            if (_candidates.Count == 0 || _candidates[^1] != next.Position) _candidates.Add(next.Position);
            _taken[next.Part]++;
        }
        LowestRead = frontier;
    }
}
