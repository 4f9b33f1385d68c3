using Microsoft.Data.Sqlite;

namespace PhotoGallery.Local.Catalog;

/// <summary>A photo's place in newest-first order: its creation time in Unix milliseconds, then its id.</summary>
internal readonly record struct Position(long Milliseconds, string PhotoId) : IComparable<Position>
{
    /// <summary>Newer than every photo: where a search without a cursor starts.</summary>
    public static readonly Position Newest = new(long.MaxValue, "");

    public static Position Of(DateTimeOffset createdAt, string photoId) => new(createdAt.ToUnixTimeMilliseconds(), photoId);

    public int CompareTo(Position other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : string.CompareOrdinal(PhotoId, other.PhotoId);
}

/// <summary>
/// The prefix rows (<c>photo_prefixes</c>): for every word of a complete photo, one row per prefix of 1 to
/// <see cref="MaxLength"/> characters, keyed (prefix, time, id), so each prefix's photos lie newest first in one
/// stretch of the table. "Sunset" gives s, su, sun, suns, sunse, sunset.
/// </summary>
internal static class PhotoPrefixes
{
    /// <summary>
    /// Longer query words are cut to this length to find candidates, then checked against the photo's whole words
    /// (<c>photo_words</c>); past 8 characters a prefix hardly ever narrows the candidates further.
    /// </summary>
    public const int MaxLength = 8;

    /// <summary>Every distinct prefix of 1 to <see cref="MaxLength"/> characters of the words.</summary>
    public static IReadOnlySet<string> Of(IEnumerable<string> words)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            for (var length = 1; length <= Math.Min(word.Length, MaxLength); length++)
            {
                // Never end a prefix between the halves of a surrogate pair (the tokenizer keeps astral letters).
                if (char.IsHighSurrogate(word[length - 1])) continue;
                prefixes.Add(word[..length]);
            }
        }
        return prefixes;
    }

    /// <summary>A query word as the prefix rows hold it: cut to <see cref="MaxLength"/>, never inside a surrogate pair.</summary>
    public static string Cut(string word)
    {
        if (word.Length <= MaxLength) return word;
        return word[..(char.IsHighSurrogate(word[MaxLength - 1]) ? MaxLength - 1 : MaxLength)];
    }
}

/// <summary>
/// A zig-zag (leapfrog) intersection of prefixes' rows, newest first: the stream that is behind jumps to the
/// position of the one ahead, so two words that are each common but rarely meet cost about as many jumps as
/// there are places where their photos interleave, not as many rows as either has. A jump reads on a few rows
/// first (<see cref="PrefixStream.Steps"/>) and seeks the index only when they do not reach: where the rows
/// interleave closely, reading on is cheaper than a seek.
/// </summary>
internal static class PrefixWalk
{
    /// <summary>
    /// The first <paramref name="wanted"/> positions, newest first and strictly older than <paramref name="after"/>
    /// (if given), that every prefix has and <paramref name="accept"/> (if given) accepts.
    /// </summary>
    public static List<Position> Matches(SqliteConnection connection, IReadOnlyList<string> prefixes, Position? after, int wanted,
        Func<Position, bool>? accept = null)
    {
        var found = new List<Position>();
        var streams = prefixes.Select(prefix => new PrefixStream(connection, prefix)).ToList();
        try
        {
            var target = after ?? Position.Newest;
            var inclusive = after is null;
            var agreed = 0;
            for (var turn = 0; found.Count < wanted; turn = (turn + 1) % streams.Count)
            {
                var stream = streams[turn];
                if (!stream.MoveTo(target, inclusive)) break; // one prefix has no older rows: nothing older matches
                if (inclusive && stream.Current.CompareTo(target) == 0) agreed++;
                else (target, inclusive, agreed) = (stream.Current, true, 1);
                if (agreed < streams.Count) continue;
                if (accept is null || accept(target)) found.Add(target);
                (inclusive, agreed) = (false, 0);
            }
        }
        finally
        {
            foreach (var stream in streams) stream.Dispose();
        }
        return found;
    }
}

/// <summary>One prefix's rows, read newest first from a position, moving only towards older photos.</summary>
internal sealed class PrefixStream(SqliteConnection connection, string prefix) : IDisposable
{
    /// <summary>Rows read one by one before a jump seeks the index instead.</summary>
    public const int Steps = 8;

    private readonly SqliteCommand _seek = SqliteDatabase.Command(connection, """
        SELECT created_ms, photo_id FROM photo_prefixes
        WHERE prefix = $prefix AND (created_ms, photo_id) <= ($ms, $id)
        ORDER BY created_ms DESC, photo_id DESC
        """, ("$prefix", prefix), ("$ms", 0L), ("$id", ""));

    private SqliteDataReader? _rows;

    public Position Current { get; private set; }

    /// <summary>
    /// Moves to the newest row at or older than <paramref name="target"/> (strictly older unless
    /// <paramref name="inclusive"/>); false when there is none.
    /// </summary>
    public bool MoveTo(Position target, bool inclusive)
    {
        if (_rows is not null)
        {
            for (var step = 0; step <= Steps; step++)
            {
                if (Reached(target, inclusive)) return true;
                if (step < Steps && !Read()) return false;
            }
        }
        _rows?.Dispose();
        _seek.Parameters["$ms"].Value = target.Milliseconds;
        _seek.Parameters["$id"].Value = target.PhotoId;
        _rows = _seek.ExecuteReader();
        if (!Read()) return false;
        return Reached(target, inclusive) || (Read() && Reached(target, inclusive));
    }

    private bool Reached(Position target, bool inclusive)
    {
        var order = Current.CompareTo(target);
        return inclusive ? order <= 0 : order < 0;
    }

    private bool Read()
    {
        if (!_rows!.Read()) return false;
        Current = new Position(_rows.GetInt64(0), _rows.GetString(1));
        return true;
    }

    public void Dispose()
    {
        _rows?.Dispose();
        _seek.Dispose();
    }
}
