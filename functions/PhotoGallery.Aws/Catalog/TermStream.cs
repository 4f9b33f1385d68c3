using Amazon.DynamoDBv2.Model;

namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// One way to answer a search: the items of one driving term, newest first from below the cursor, filtered by
/// DynamoDB on the query words the term does not imply (see <see cref="SearchTerms"/>). Every stream of a query
/// finds the same positions in the same order; they differ only in how many items each must read to find them.
/// </summary>
internal sealed class TermStream(string term, IReadOnlyList<string> filterWords)
{
    public string Term => term;

    /// <summary>The query words DynamoDB checks on each item; none when every item of the term is a match.</summary>
    public IReadOnlyList<string> FilterWords => filterWords;

    /// <summary>Positions that passed the filter, newest first: the query's matches, unless a photo item says otherwise.</summary>
    public List<string> Candidates { get; } = [];

    /// <summary>Term items read so far (what DynamoDB evaluated and charged for, filtered out or not).</summary>
    public int ItemsRead { get; private set; }

    /// <summary>The lowest position read: every match above it is in <see cref="Candidates"/>.</summary>
    public string? LowestRead { get; private set; }

    /// <summary>True when the term has no item below <see cref="LowestRead"/>: the candidates are all there are.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>Where the next Query starts (DynamoDB's LastEvaluatedKey), or <c>null</c> for the first.</summary>
    public Dictionary<string, AttributeValue>? NextStart { get; private set; }

    /// <summary>How many items the last Query asked for: the next one asks for more.</summary>
    public int LastLimit { get; private set; }

    /// <summary>Matches per item read so far: the stream with the most finds a page soonest.</summary>
    public double Density => ItemsRead == 0 ? 0 : (double)Candidates.Count / ItemsRead;

    public void Add(QueryResponse response, int limit)
    {
        LastLimit = limit;
        ItemsRead += response.ScannedCount ?? 0;
        Candidates.AddRange((response.Items ?? []).Select(item => item[PhotoTable.SortKey].S));
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
