using System.Text;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// The search-term items: how a photo is indexed, and which term partitions a query reads.
/// <para>
/// <b>What is written.</b> For every distinct word of a complete photo (title, description, tags, owner,
/// through the shared <see cref="Tokenizer"/>), one item per distinct prefix of the <see cref="StoredLengths"/>
/// (1, 2, 3, 4 and 8 characters, those the word reaches): <c>PK = TERM#&lt;prefix&gt;</c>,
/// <c>SK = &lt;createdAt&gt;#&lt;id&gt;</c>, and <c>Words</c>, all the photo's words, each after a space
/// (<see cref="WordsOf"/>). "Sunset" gives s, su, sun, suns. An item stays under 1 KB, so it costs one write unit.
/// </para>
/// <para>
/// <b>Why results are exactly <see cref="SearchQuery.Matches"/>.</b> Each query word is read through its
/// <i>driving term</i>: the word cut to the longest stored length that fits (<see cref="DrivingTerm"/>). Any photo
/// the rule accepts has a word starting with the query word, hence with its driving term, hence an item under it:
/// reading one driving term's partition misses nothing. The rest of the query, the words the term does not
/// already imply (<see cref="FilterWords"/>), is checked by DynamoDB on each item as it is read: a filter
/// <c>contains(Words, " &lt;word&gt;")</c> is true exactly when a word of the photo starts with it, because words
/// hold no spaces. So one partition, filtered, answers the whole query (a pair read, below, merges two); the
/// adapter reads several in parallel and follows the one that finds matches fastest. Every result is then checked once more against its photo item,
/// which the result row needs anyway: a term item left by an interrupted save is never a wrong result.
/// </para>
/// <para>
/// <b>Why 1, 2, 3, 4 and 8.</b> A photo's write cost is its number of distinct prefixes. Every length from 1
/// to 8 cost about 79 items per photo of the benchmark; these five cost about 51. A query word of 5, 6 or 7
/// characters reads its 4-character partition and the filter drops what does not match: prefixes of four
/// letters are already selective, so that gap costs little, while the short lengths, whose partitions are the
/// largest and which people type most (and the many 4-letter words: park, lake, city), stay exact. Measured
/// against 1, 2, 3, 5 and 8 (as many writes): a query such as "dog park" read "park" through the crowded "par"
/// (park, party) and needed over twice the items. Past 8 characters a prefix almost never narrows further.
/// </para>
/// <para>
/// <b>Bounded.</b> <c>Words</c> is left out when the photo's words exceed <see cref="MaxWordsBytes"/> (a long
/// description), so that no item passes 1 KB; such an item passes every filter and is decided by its photo item,
/// like the items written before <c>Words</c> existed (the older layout, every length from 1 to 8 and keys only).
/// </para>
/// <para>
/// <b>Hot partitions.</b> One-letter terms (TERM#s, TERM#e, ...) hold nearly every photo. We still index them:
/// skipping them (or stop words) would make a one-letter query or "the" walk the gallery and filter, which is
/// slow exactly for rare letters and digits. Their cost is bounded: a term partition receives at most one write
/// per new photo, the same rate as the GALLERY listing partition (DESIGN §6: ~1,000 writes/s per partition);
/// reading one is a Query with Limit, whose cost does not grow with the partition, and DynamoDB has no size
/// limit on an item collection without local indexes. Past that write rate, shard the short terms the way the
/// scale notes shard GALLERY (by day) and merge pages.
/// </para>
/// <para>
/// <b>Pairs.</b> Two words that each fill a large partition but rarely meet (<c>old bridge</c>) made one partition
/// read hundreds of items to find a page, more as the gallery grew (docs/performance.md). So a complete photo also
/// gets one item per pair of its distinct <i>heads</i>, the first <see cref="HeadLength"/> characters of its words
/// that reach them (<see cref="HeadsOf"/>): <c>PAIR#bri|old</c> holds exactly the photos with a word starting with
/// "bri" and one starting with "old", with <c>Words</c>, and a query with two such heads reads that partition,
/// filtered on its words. Any match has both heads, hence the item: nothing is missed. A photo with more than
/// <see cref="MaxPairHeads"/> heads (a long description) would need too many pairs, so it writes one
/// <c>OVER#&lt;head&gt;</c> item per head instead, and a pair read merges its pair partition with the overflow of
/// one of its heads (<see cref="PairReads"/>). Photos saved before pairs existed have none: <see cref="PairLayout"/>
/// says which positions are covered, and below it search reads the terms as before.
/// </para>
/// </summary>
public static class SearchTerms
{
    /// <summary>The prefix lengths that get a term item, shortest first.</summary>
    public static readonly IReadOnlyList<int> StoredLengths = [1, 2, 3, 4, 8];

    public static int MaxPrefixLength => StoredLengths[^1];

    /// <summary>The most UTF-8 bytes of <see cref="WordsOf"/> a term item carries (the rest of an item is under 200).</summary>
    public const int MaxWordsBytes = 700;

    /// <summary>How many characters of a word make its head, the unit of a pair; shorter words have none.</summary>
    public const int HeadLength = 3;

    /// <summary>
    /// The most heads a photo's pairs are written for: 276 pairs at most. The benchmark's photos (up to 24 words)
    /// never pass it; a photo that does writes an overflow item per head instead.
    /// </summary>
    public const int MaxPairHeads = 24;

    /// <summary>The most heads of a query that pairs are read for (the longest words'): three pairs, read at once.</summary>
    public const int MaxQueryHeads = 3;

    /// <summary>
    /// The search items of a photo: its term items and its pair (or overflow) items; none unless it is complete
    /// (pending photos are never found).
    /// </summary>
    public static IReadOnlySet<TermItemKey> For(Photo photo)
    {
        var keys = new HashSet<TermItemKey>();
        if (!photo.IsVisible) return keys;
        var position = SortKeyOf(photo);
        var words = photo.SearchWords();
        foreach (var prefix in Prefixes(words))
            keys.Add(new TermItemKey(PhotoTable.TermKey(prefix), position));
        foreach (var partition in PairPartitions(HeadsOf(words)))
            keys.Add(new TermItemKey(partition, position));
        return keys;
    }

    /// <summary>The distinct heads of the words long enough to have one, in ordinal order.</summary>
    public static IReadOnlyList<string> HeadsOf(IEnumerable<string> words) =>
        words.Where(word => word.Length >= HeadLength)
            .Select(word => WordPrefixes.Cut(word, HeadLength))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every pair of the heads, or one overflow partition per head when there are more than <see cref="MaxPairHeads"/>.</summary>
    private static IEnumerable<string> PairPartitions(IReadOnlyList<string> heads)
    {
        if (heads.Count > MaxPairHeads) return heads.Select(PhotoTable.OverflowKey);
        return heads.SelectMany((head, i) => heads.Skip(i + 1).Select(other => PhotoTable.PairKey(head, other)));
    }

    /// <summary>
    /// The pair reads that answer a query with two or more heads: for each pair of the heads of its longest words
    /// (at most <see cref="MaxQueryHeads"/>), the pair partition and the overflow of its first head, each with the
    /// query words it does not imply. None for a query with fewer than two heads: it reads terms only.
    /// </summary>
    public static IReadOnlyList<PairRead> PairReads(SearchQuery query)
    {
        var heads = query.Words.Where(word => word.Length >= HeadLength)
            .OrderByDescending(word => word.Length).ThenBy(word => word, StringComparer.Ordinal)
            .Select(word => WordPrefixes.Cut(word, HeadLength))
            .Distinct(StringComparer.Ordinal).Take(MaxQueryHeads).ToList();
        return heads.SelectMany((head, i) => heads.Skip(i + 1).Select(other => new PairRead(
            PhotoTable.PairKey(head, other), FilterWords(query, [head, other]),
            PhotoTable.OverflowKey(head), FilterWords(query, [head])))).ToList();
    }

    /// <summary>
    /// The <c>Words</c> attribute of a photo's term items: " w1 w2 …", every word after a space, so
    /// <c>contains(Words, " sun")</c> holds exactly when a word starts with "sun"; <c>null</c> when too long to carry.
    /// </summary>
    public static string? WordsOf(Photo photo)
    {
        var text = new StringBuilder();
        foreach (var word in photo.SearchWords().Order(StringComparer.Ordinal)) text.Append(' ').Append(word);
        return Encoding.UTF8.GetByteCount(text.ToString()) <= MaxWordsBytes ? text.ToString() : null;
    }

    /// <summary>
    /// Every distinct prefix of the words at the <see cref="StoredLengths"/> each word reaches. A cut that would split
    /// a surrogate pair stops before it, as the earlier layout's did (it wrote no such prefix), so its items are still
    /// reached.
    /// </summary>
    public static IReadOnlySet<string> Prefixes(IEnumerable<string> words) => WordPrefixes.Of(words, StoredLengths);

    /// <summary>
    /// The partition a query word is read through: the word cut to the longest stored length it reaches. Every
    /// photo word that starts with the query word reaches that length too, so it has an item there.
    /// </summary>
    public static string DrivingTerm(string queryWord) =>
        WordPrefixes.Cut(queryWord, StoredLengths.Last(length => length <= queryWord.Length));

    /// <summary>
    /// The terms a query can be read through: each word's <see cref="DrivingTerm"/>, leaving out any that starts
    /// another (every photo under "suns" is also under "sun", so "suns" finds the same matches reading fewer),
    /// longest first.
    /// </summary>
    public static IReadOnlyList<string> DrivingTerms(SearchQuery query)
    {
        var terms = query.Words.Select(DrivingTerm).Distinct(StringComparer.Ordinal).ToList();
        return terms
            .Where(term => !terms.Any(other => other.Length > term.Length && other.StartsWith(term, StringComparison.Ordinal)))
            .OrderByDescending(term => term.Length).ThenBy(term => term, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The query words an item under <paramref name="term"/> does not already satisfy (every photo under "suns" has a
    /// word starting with "sun"): what the filter on <c>Words</c> must check. None: every item of the term is a match.
    /// </summary>
    public static IReadOnlyList<string> FilterWords(SearchQuery query, string term) => FilterWords(query, [term]);

    /// <summary>The query words that none of <paramref name="implied"/> (terms or heads an item is filed under) starts with.</summary>
    public static IReadOnlyList<string> FilterWords(SearchQuery query, IReadOnlyList<string> implied) =>
        query.Words.Where(word => !implied.Any(term => term.StartsWith(word, StringComparison.Ordinal))).ToList();

    /// <summary>The position of a photo in newest-first order: the sort key of its term items and its GSI1SK.</summary>
    public static string SortKeyOf(Photo photo) => $"{photo.CreatedAtText}#{photo.PhotoId}";
}

/// <summary>The key of one search item: a term, pair or overflow item.</summary>
public readonly record struct TermItemKey(string PartitionKey, string SortKey);

/// <summary>One way to read a query through pairs: a pair partition merged with one head's overflow, each filtered.</summary>
public sealed record PairRead(string PairKey, IReadOnlyList<string> PairFilter, string OverflowKey, IReadOnlyList<string> OverflowFilter);
