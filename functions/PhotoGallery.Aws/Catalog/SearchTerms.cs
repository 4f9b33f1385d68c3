using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// The search-term items: how a photo is indexed, and which term a query reads.
/// <para>
/// <b>What is written.</b> For every distinct word of a complete photo (title, description, tags, owner,
/// through the shared <see cref="Tokenizer"/>), one item per distinct prefix of 1 to
/// <see cref="MaxPrefixLength"/> characters: <c>PK = TERM#&lt;prefix&gt;</c>, <c>SK = &lt;createdAt&gt;#&lt;id&gt;</c>,
/// and nothing else. "Sunset" gives s, su, sun, suns, sunse, sunset. Items hold keys only, so each costs one
/// write unit and a page of them is a few kilobytes.
/// </para>
/// <para>
/// <b>Why results are exactly <see cref="SearchQuery.Matches"/>.</b> A query reads the partitions of its
/// <i>driving terms</i>: each word cut to <see cref="MaxPrefixLength"/> (a term that starts another is dropped).
/// Any photo the rule accepts has, for every query word, a word starting with it, hence with its cut, hence an
/// item under every driving term: intersecting the partitions misses nothing. The intersection walks them
/// newest first together (a zig-zag: the stream that is ahead jumps to the others with one Query), so two
/// common words that rarely meet cost a few pages of tiny items, not a photo read per candidate. Each common
/// position's photo item is then fetched (the result row needs it anyway) and kept only if
/// <see cref="SearchQuery.Matches"/> accepts its words: nothing extra slips in, whether a word was cut at the
/// cap or a stale term item was left by an interrupted save. The cursor is a sort key, so every partition
/// resumes from it.
/// </para>
/// <para>
/// <b>Why a cap of 8.</b> A photo's write cost is its number of distinct prefixes, so indexing every prefix of
/// 32-character words buys little: past 8 characters a prefix almost never narrows the candidates further, and
/// the final filter makes up the difference. The cap bounds the items per word at 8 (tokens of hashes, URLs or
/// long compounds would otherwise cost up to 32).
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
/// </summary>
public static class SearchTerms
{
    public const int MaxPrefixLength = 8;

    /// <summary>The term items of a photo: none unless it is complete (pending photos are never found).</summary>
    public static IReadOnlySet<TermItemKey> For(Photo photo)
    {
        var keys = new HashSet<TermItemKey>();
        if (!photo.IsVisible) return keys;
        var position = SortKeyOf(photo);
        foreach (var prefix in Prefixes(photo.SearchWords()))
            keys.Add(new TermItemKey(PhotoTable.TermKey(prefix), position));
        return keys;
    }

    /// <summary>Every distinct prefix of 1 to <see cref="MaxPrefixLength"/> characters of the words.</summary>
    public static IReadOnlySet<string> Prefixes(IEnumerable<string> words)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            for (var length = 1; length <= Math.Min(word.Length, MaxPrefixLength); length++)
            {
                // Never end a prefix between the halves of a surrogate pair (the tokenizer keeps astral letters).
                if (char.IsHighSurrogate(word[length - 1])) continue;
                prefixes.Add(word[..length]);
            }
        }
        return prefixes;
    }

    /// <summary>
    /// The terms a query reads: each word cut the way the index cuts words, leaving out any that starts
    /// another (every photo under "sunset" is also under "sun"), longest first.
    /// </summary>
    public static IReadOnlyList<string> DrivingTerms(SearchQuery query)
    {
        var terms = query.Words.Select(Cut).Distinct(StringComparer.Ordinal).ToList();
        return terms
            .Where(term => !terms.Any(other => other.Length > term.Length && other.StartsWith(term, StringComparison.Ordinal)))
            .OrderByDescending(term => term.Length).ThenBy(term => term, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>True when no query word is cut: then every position common to the driving terms is a match.</summary>
    public static bool IsExact(SearchQuery query) => query.Words.All(word => word.Length <= MaxPrefixLength);

    /// <summary>The position of a photo in newest-first order: the sort key of its term items and its GSI1SK.</summary>
    public static string SortKeyOf(Photo photo) => $"{photo.CreatedAtText}#{photo.PhotoId}";

    private static string Cut(string word)
    {
        if (word.Length <= MaxPrefixLength) return word;
        var length = char.IsHighSurrogate(word[MaxPrefixLength - 1]) ? MaxPrefixLength - 1 : MaxPrefixLength;
        return word[..length];
    }
}

/// <summary>The key of one search-term item.</summary>
public readonly record struct TermItemKey(string PartitionKey, string SortKey);
