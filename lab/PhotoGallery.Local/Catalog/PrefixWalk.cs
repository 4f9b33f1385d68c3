using PhotoGallery.Core.Search;

namespace PhotoGallery.Local.Catalog;

/// <summary>
/// The prefix rows (<c>photo_prefixes</c>): for every word of a complete photo, one row per prefix of 1 to
/// <see cref="MaxLength"/> characters, keyed (prefix, time, id), so each prefix's photos lie newest first in one
/// stretch of the table. "Sunset" gives s, su, sun, suns, sunse, sunset.
/// </summary>
internal static class PhotoPrefixes
{
    /// <summary>
    /// Longer query words are cut to this length to find candidates, then checked against the photo's whole words
    /// (<c>photo_words</c>). Checking a candidate's words costs more than reading its prefix row (a rare word of 9 to 11
    /// characters, cut at 8, took 0.3 ms at 100,000 photos against 0.2 ms for one of 8), and few words are longer than
    /// 12, so 12 spares almost every query the check, for 8 % more rows (85 a photo instead of 78 in the benchmark's
    /// galleries; docs/performance.md).
    /// </summary>
    public const int MaxLength = 12;

    private static readonly int[] Lengths = [.. Enumerable.Range(1, MaxLength)];

    /// <summary>Every distinct prefix of 1 to <see cref="MaxLength"/> characters of the words.</summary>
    public static IReadOnlySet<string> Of(IEnumerable<string> words) => WordPrefixes.Of(words, Lengths);

    /// <summary>A query word as the prefix rows hold it: cut to <see cref="MaxLength"/> (see <see cref="WordPrefixes.Cut"/>).</summary>
    public static string Cut(string word) => WordPrefixes.Cut(word, MaxLength);

    /// <summary>How many letters of a word its head is (see <see cref="Heads"/>).</summary>
    public const int HeadLength = 3;

    /// <summary>
    /// A photo's word heads, stored in each of its prefix rows (<c>word_heads</c>): a 64-bit Bloom filter of the first
    /// <see cref="HeadLength"/> letters of each of its words, two bits each. A query word of at least that length can
    /// only be among a photo's words if both its head's bits are set (<see cref="HeadBits"/>), so a search that reads one
    /// prefix's rows skips most photos lacking another word without looking them up; the bits set by chance let a few
    /// through, and the lookup that follows decides. Photos have about 15 distinct heads, so at most about 1 photo in 8
    /// lacking a word passes by chance (1 in 20 or fewer on the benchmark's words: docs/performance.md).
    /// </summary>
    public static long Heads(IEnumerable<string> words)
    {
        var heads = 0L;
        foreach (var word in words)
            if (word.Length >= HeadLength) heads |= HeadBits(word);
        return heads;
    }

    /// <summary>
    /// The two bits of a word's head in <see cref="Heads"/>, or 0 for a word shorter than a head (it says nothing). The
    /// hash (64-bit FNV-1a over the head's UTF-16 code units) is fixed, not the runtime's per-process one: the bits are
    /// stored in the catalog.
    /// </summary>
    public static long HeadBits(string word)
    {
        if (word.Length < HeadLength) return 0;
        unchecked // the hash wraps around by design, and the bits are stored as SQLite's signed integer
        {
            var hash = 14695981039346656037UL;
            for (var i = 0; i < HeadLength; i++) hash = (hash ^ word[i]) * 1099511628211UL;
            // The top bits: a product's low bits depend only on its factors' low bits.
            return (long)((1UL << (int)(hash >> 58)) | (1UL << (int)((hash >> 52) & 63)));
        }
    }
}

/// <summary>
/// A zig-zag (leapfrog) intersection of prefixes' rows, newest first, as one SQL statement: the stream whose turn it
/// is seeks, through the primary key, to the newest row at or older than the position the others reached; when
/// every stream in turn lands on the same photo, that photo matches (and <c>accept</c>, if any, is checked for it).
/// So two words that are each common but rarely meet cost about as many seeks as there are places where their
/// photos interleave, not as many rows as either word has; one word costs a seek per photo of the page.
/// <para>
/// It runs as a recursive query, one row per seek (the same walk in C#, a statement per seek, measured the same:
/// 1.1 ms for <c>old bridge</c> at 100,000 photos). Kept to be forced only: merging the prefixes' rows, or reading the
/// sparsest and probing the others, measured faster on our galleries (see SqlitePhotoIndex). A position is (time, id);
/// "at or older than (t, id)" is written "older than (t, id || char(1))", which no id falls between, so every
/// seek is one range of the primary key.
/// </para>
/// </summary>
internal static class PrefixWalk
{
    /// <summary>
    /// The walk as a common table expression <c>walk(ms, id, bound, turn, agreed, found, accepted)</c>: the rows with
    /// <c>accepted</c> are the first <c>$wanted</c> matches older than (<c>$afterMs</c>, <c>$afterId</c>), newest
    /// first. Parameters: <c>$p0</c>… one prefix per stream, <c>$wanted</c>, <c>$afterMs</c>, <c>$afterId</c>.
    /// </summary>
    /// <param name="streams">how many prefixes</param>
    /// <param name="accept">an SQL condition on <c>s.photo_id</c> a match must also meet, or null</param>
    public static string Sql(int streams, string? accept)
    {
        var prefix = $"CASE w.turn {string.Join(" ", Enumerable.Range(0, streams).Select(i => $"WHEN {i} THEN $p{i}"))} END";
        // How many streams in a row, this one included, stand on the photo just found.
        var agreed = "(CASE WHEN s.created_ms = w.ms AND s.photo_id = w.id THEN w.agreed + 1 ELSE 1 END)";
        var all = $"({agreed} = {streams})";
        var accepted = accept is null ? all : $"({all} AND {accept})";
        return $"""
            WITH RECURSIVE walk(ms, id, bound, turn, agreed, found, accepted) AS (
                SELECT $afterMs, $afterId, $afterId, 0, 0, 0, 0
                UNION ALL
                SELECT s.created_ms, s.photo_id,
                       CASE WHEN {all} THEN s.photo_id ELSE s.photo_id || char(1) END,
                       (w.turn + 1) % {streams},
                       CASE WHEN {all} THEN 0 ELSE {agreed} END,
                       w.found + {accepted},
                       {accepted}
                FROM walk AS w JOIN photo_prefixes AS s
                  ON s.prefix = {prefix}
                 AND (s.created_ms, s.photo_id) = (
                     SELECT created_ms, photo_id FROM photo_prefixes
                     WHERE prefix = {prefix} AND (created_ms, photo_id) < (w.ms, w.bound)
                     ORDER BY created_ms DESC, photo_id DESC LIMIT 1)
                WHERE w.found < $wanted
            )
            """;
    }
}
