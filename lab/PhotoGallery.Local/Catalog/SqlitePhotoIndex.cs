using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Local.Catalog;

/// <summary>
/// The photo catalog in SQLite. Search uses two tables filled by the shared tokenizer (not SQLite's own
/// tokenizers, which split and fold text differently): the photo's words (<c>photo_words</c>) and their prefixes
/// (<c>photo_prefixes</c>, see <see cref="PhotoPrefixes"/>), each prefix's photos stored newest first.
/// <para>
/// <b>Why search stays flat as the gallery grows.</b> A page is the newest matches. Each query word is one prefix
/// (cut to <see cref="PhotoPrefixes.MaxLength"/>), whose rows are already in newest-first order, so one word's page is
/// its first 25 rows, whatever the gallery's size. For several words, their prefixes' rows are either merged (read
/// side by side newest first, SQLite's <c>INTERSECT</c>), or the sparsest prefix's rows are read and each photo
/// whose word heads (<see cref="PhotoPrefixes.Heads"/>, in every prefix row) could have the other words is looked up,
/// by primary key, under the others, whichever reads less where the page will come from (<see cref="MergeOrProbe"/>);
/// either way the search stops when the page is full. Two words that are each common but rarely meet cost a few
/// hundred rows at 100,000 photos, and no more at a million. Only the page's photo rows are read, and nothing is sorted.
/// </para>
/// <para>
/// <b>The plans kept only to be forced</b> (tests and the benchmark compare them, docs/performance.md): a zig-zag
/// over all the prefixes (<see cref="PrefixWalk"/>), which seeks past the stretches where the words do not meet
/// but measured slower on our galleries, where they interleave; and the plan from before the prefix rows, which
/// counted each word's rows and either started from the rarest word's rows or walked every photo newest first
/// (×11 from 1,000 to 100,000 photos at p95).
/// </para>
/// </summary>
public sealed class SqlitePhotoIndex(SqliteDatabase database, TimeProvider clock, SearchPlan plan = SearchPlan.Chosen) : IPhotoIndex
{
    /// <summary>
    /// How many word rows a query word may reach before <see cref="SearchPlan.CountThenWordRowsOrWalk"/> walks the
    /// newest photos instead of starting from those rows. Starting from n rows costs n photo lookups and a sort;
    /// walking costs about (page size × photos ÷ n) steps; they cross where n is the square root of (page size ×
    /// photos). The photo count is estimated by the table's largest rowid.
    /// </summary>
    private static int WalkThreshold(SqliteConnection connection, int pageSize)
    {
        using var command = SqliteDatabase.Command(connection, "SELECT coalesce(max(rowid), 0) FROM photos");
        var photos = (long)command.ExecuteScalar()!;
        return (int)Math.Clamp(Math.Sqrt((pageSize + 1.0) * photos), 16, 1_000_000);
    }

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS photos (
            photo_id      TEXT PRIMARY KEY,
            owner         TEXT NOT NULL,
            title         TEXT NOT NULL,
            description   TEXT NOT NULL,
            tags          TEXT NOT NULL,
            file_name     TEXT NOT NULL,
            content_type  TEXT NOT NULL,
            size          INTEGER NOT NULL,
            width         INTEGER,
            height        INTEGER,
            created_at    TEXT NOT NULL,
            status        TEXT NOT NULL,
            expires_at    TEXT,
            image_state   TEXT NOT NULL DEFAULT 'processing',
            thumbnail_key TEXT,
            display_key   TEXT,
            image_problem TEXT
        );
        CREATE INDEX IF NOT EXISTS photos_newest_first ON photos (status, created_at DESC, photo_id DESC);
        CREATE INDEX IF NOT EXISTS photos_by_id_covering ON photos (photo_id, status, created_at);
        CREATE INDEX IF NOT EXISTS photos_by_owner ON photos (owner, status, created_at);
        CREATE TABLE IF NOT EXISTS photo_words (
            word     TEXT NOT NULL,
            photo_id TEXT NOT NULL REFERENCES photos (photo_id) ON DELETE CASCADE,
            PRIMARY KEY (word, photo_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS photo_words_by_photo ON photo_words (photo_id);
        CREATE TABLE IF NOT EXISTS photo_prefixes (
            prefix     TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            photo_id   TEXT NOT NULL,
            word_heads INTEGER NOT NULL DEFAULT -1,
            PRIMARY KEY (prefix, created_ms, photo_id)
        ) WITHOUT ROWID;
        """;

    private const string Columns =
        "photo_id, owner, title, description, tags, file_name, content_type, size, width, height, created_at, status, expires_at, image_state, thumbnail_key, display_key, image_problem";

    /// <summary>
    /// Data folders from before server-made images had a <c>has_thumbnail</c> column and none of the image
    /// columns: bring them up to date in place, keeping every photo (theirs show as processing).
    /// </summary>
    private static readonly string[] Upgrades =
    [
        "ALTER TABLE photos DROP COLUMN has_thumbnail",
        "ALTER TABLE photos ADD COLUMN image_state TEXT NOT NULL DEFAULT 'processing'",
        "ALTER TABLE photos ADD COLUMN thumbnail_key TEXT",
        "ALTER TABLE photos ADD COLUMN display_key TEXT",
        "ALTER TABLE photos ADD COLUMN image_problem TEXT",
    ];

    private static readonly string QualifiedColumns = string.Join(", ", Columns.Split(", ").Select(column => "photos." + column));

    // Tags cannot contain control characters (see PhotoDraft), so one makes a safe separator.
    private const char TagSeparator = '\u001F';

    /// <summary>
    /// The schema version kept in SQLite's <c>user_version</c>: 3 once <c>photo_prefixes</c> holds every complete
    /// photo's prefixes of up to <see cref="PhotoPrefixes.MaxLength"/> characters with its word heads
    /// (<see cref="PhotoPrefixes.Heads"/>; 2: without them, 1: prefixes up to 8). Data folders made before the prefix
    /// rows, or with older ones, get them on first open (see <see cref="FillPrefixes"/>).
    /// </summary>
    private const int PrefixRowsVersion = 3;

    /// <param name="plan">how to search: as chosen, or one plan forced (tests and the benchmark compare them).</param>
    /// <param name="console">where to say that an older catalog's search rows are being made (a minute at 100,000 photos).</param>
    public static SqlitePhotoIndex Open(string path, TimeProvider clock, SearchPlan plan = SearchPlan.Chosen, TextWriter? console = null)
    {
        var database = new SqliteDatabase(path, Schema);
        Upgrade(database, console ?? TextWriter.Null);
        return new(database, clock, plan);
    }

    private static void Upgrade(SqliteDatabase database, TextWriter console)
    {
        using var connection = database.Open();
        var columns = ColumnNames(connection, "photos");
        foreach (var upgrade in Upgrades)
        {
            var column = upgrade.Split(' ')[5];
            var needed = upgrade.Contains(" DROP ", StringComparison.Ordinal) ? columns.Contains(column) : !columns.Contains(column);
            if (needed) SqliteDatabase.Execute(connection, upgrade);
        }
        if (UserVersion(connection) < PrefixRowsVersion) FillPrefixes(connection, console);
    }

    private static HashSet<string> ColumnNames(SqliteConnection connection, string table)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using var info = SqliteDatabase.Command(connection, "SELECT name FROM pragma_table_info($table)", ("$table", table));
        using var reader = info.ExecuteReader();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }

    private static long UserVersion(SqliteConnection connection)
    {
        using var command = SqliteDatabase.Command(connection, "PRAGMA user_version");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Gives a catalog from before the prefix rows (or from before their current length or their word heads) its
    /// <c>photo_prefixes</c>, made afresh from the words it stores (so both tables agree), in one transaction: a host
    /// stopped halfway leaves the version unchanged and fills again.
    /// </summary>
    private static void FillPrefixes(SqliteConnection connection, TextWriter console)
    {
        // BEGIN IMMEDIATE and a second look: two hosts opening the same folder fill it once, the second after the first.
        using var transaction = BeginFilling(connection, console);
        if (UserVersion(connection) >= PrefixRowsVersion) return;
        var timer = Stopwatch.StartNew();
        // Prefix rows of versions 1 and 2 have no word heads: the column (its default lets every row through a probe's check).
        if (!ColumnNames(connection, "photo_prefixes").Contains("word_heads"))
            SqliteDatabase.Execute(connection, "ALTER TABLE photo_prefixes ADD COLUMN word_heads INTEGER NOT NULL DEFAULT -1");
        var photos = new List<(string Id, long Milliseconds, List<string> Words)>();
        using (var stored = SqliteDatabase.Command(connection, """
            SELECT photos.photo_id, photos.created_at, photo_words.word FROM photos JOIN photo_words ON photo_words.photo_id = photos.photo_id
            WHERE photos.status = 'complete' ORDER BY photos.photo_id
            """))
        using (var rows = stored.ExecuteReader())
        {
            while (rows.Read())
            {
                var id = rows.GetString(0);
                if (photos.Count == 0 || photos[^1].Id != id) photos.Add((id, ParseTime(rows.GetString(1)).ToUnixTimeMilliseconds(), []));
                photos[^1].Words.Add(rows.GetString(2));
            }
        }
        // A new catalog passes here too, with nothing to fill: only a catalog with photos is worth a word.
        var progress = photos.Count > 0 ? console : TextWriter.Null;
        progress.WriteLine($"[catalog] This catalog is from an earlier version: making the search rows of its {PhotoCount(photos.Count)} (once; about a minute per 100,000 photos)…");
        SqliteDatabase.Execute(connection, "DELETE FROM photo_prefixes");
        var made = 0L;
        using var insert = SqliteDatabase.Command(connection,
            "INSERT INTO photo_prefixes (prefix, created_ms, photo_id, word_heads) VALUES ($prefix, $ms, $id, $heads)",
            ("$prefix", ""), ("$ms", 0L), ("$id", ""), ("$heads", 0L));
        foreach (var (id, milliseconds, words) in photos)
        {
            var heads = PhotoPrefixes.Heads(words);
            foreach (var prefix in PhotoPrefixes.Of(words))
            {
                insert.Parameters["$prefix"].Value = prefix;
                insert.Parameters["$ms"].Value = milliseconds;
                insert.Parameters["$id"].Value = id;
                insert.Parameters["$heads"].Value = heads;
                insert.ExecuteNonQuery();
                made++;
            }
        }
        SqliteDatabase.Execute(connection, $"PRAGMA user_version = {PrefixRowsVersion}");
        transaction.Commit();
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[catalog] Search rows made: {made:N0} for {PhotoCount(photos.Count)} in {timer.Elapsed.TotalSeconds:F1} s."));
    }

    /// <summary>
    /// The write transaction the fill runs in. Another process may hold the catalog's write lock for longer than the
    /// connection's 30-second busy timeout (another host making these rows takes about a minute per 100,000 photos),
    /// so this waits in short steps, says once that it waits, and gives up with a clear error only after
    /// <see cref="FillWaitLimit"/>.
    /// </summary>
    private static SqliteTransaction BeginFilling(SqliteConnection connection, TextWriter console)
    {
        var waited = Stopwatch.StartNew();
        var said = false;
        // Both SQLite's busy handler and Microsoft.Data.Sqlite's own retries (the command timeout) wait one step at a time.
        SqliteDatabase.Execute(connection, $"PRAGMA busy_timeout = {(int)FillWaitStep.TotalMilliseconds}");
        connection.DefaultTimeout = (int)FillWaitStep.TotalSeconds;
        try
        {
            while (true)
            {
                try
                {
                    return connection.BeginTransaction(deferred: false);
                }
                catch (SqliteException busy) when (busy.SqliteErrorCode == SqliteBusy)
                {
                    if (waited.Elapsed >= FillWaitLimit)
                        throw new InvalidOperationException(
                            $"The catalog {connection.DataSource} stayed locked by another process for {FillWaitLimit.TotalMinutes:F0} minutes; stop the other host using this data folder and start again.", busy);
                    if (!said) console.WriteLine("[catalog] Another process is writing this catalog (another host making its search rows?): waiting for it…");
                    said = true;
                }
            }
        }
        finally
        {
            connection.DefaultTimeout = SqliteDatabase.BusyTimeoutMilliseconds / 1000;
            SqliteDatabase.Execute(connection, $"PRAGMA busy_timeout = {SqliteDatabase.BusyTimeoutMilliseconds}");
        }
    }

    private const int SqliteBusy = 5;

    private static readonly TimeSpan FillWaitStep = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan FillWaitLimit = TimeSpan.FromMinutes(10);

    private static string PhotoCount(int count) => count == 1 ? "1 photo" : string.Create(CultureInfo.InvariantCulture, $"{count:N0} photos");

    public Task SaveAsync(Photo photo, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        DeleteExpired(connection);
        Save(connection, photo);
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<bool> TryAddPendingAsync(Photo photo, OpenUploads openUploads, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        // BEGIN IMMEDIATE: one writer at a time from the count on, so two requests cannot both take the last place.
        using var transaction = connection.BeginTransaction(deferred: false);
        DeleteExpired(connection);
        using var count = SqliteDatabase.Command(connection,
            "SELECT COUNT(*) FROM photos WHERE owner = $owner AND status = 'pending' AND created_at > $since",
            ("$owner", photo.Owner), ("$since", Photo.FormatTime(clock.GetUtcNow() - openUploads.Lifetime)));
        if (Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) >= openUploads.Limit) return Task.FromResult(false);
        Save(connection, photo);
        transaction.Commit();
        return Task.FromResult(true);
    }

    /// <summary>
    /// Saves many photos in one transaction, each exactly as <see cref="SaveAsync"/> would: a bulk load (the
    /// benchmark fills 100,000 photos with it in seconds, where a transaction per photo takes minutes).
    /// </summary>
    public Task SaveManyAsync(IEnumerable<Photo> photos, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        DeleteExpired(connection);
        using var writer = new PhotoWriter(connection);
        foreach (var photo in photos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.Save(photo);
        }
        transaction.Commit();
        return Task.CompletedTask;
    }

    private void DeleteExpired(SqliteConnection connection) =>
        SqliteDatabase.Execute(connection, "DELETE FROM photos WHERE status = 'pending' AND expires_at < $now", ("$now", Now()));

    private static void Save(SqliteConnection connection, Photo photo)
    {
        using var writer = new PhotoWriter(connection);
        writer.Save(photo);
    }

    /// <summary>The statements that save a photo, prepared once and reused for every photo of a bulk load.</summary>
    private sealed class PhotoWriter : IDisposable
    {
        private readonly SqliteCommand _stored;
        private readonly SqliteCommand _clearPrefix;
        private readonly SqliteCommand _photo;
        private readonly SqliteCommand _clearWords;
        private readonly SqliteCommand _word;
        private readonly SqliteCommand _prefix;

        public PhotoWriter(SqliteConnection connection)
        {
            _stored = Prepare(connection,
                "SELECT photos.created_at, photo_words.word FROM photos LEFT JOIN photo_words ON photo_words.photo_id = photos.photo_id WHERE photos.photo_id = $photo_id",
                "photo_id");
            _clearPrefix = Prepare(connection, "DELETE FROM photo_prefixes WHERE prefix = $prefix AND created_ms = $created_ms AND photo_id = $photo_id",
                "prefix", "created_ms", "photo_id");
            _photo = Prepare(connection, $"INSERT OR REPLACE INTO photos ({Columns}) VALUES ({string.Join(", ", Columns.Split(", ").Select(column => "$" + column))})",
                [.. Columns.Split(", ")]);
            _clearWords = Prepare(connection, "DELETE FROM photo_words WHERE photo_id = $photo_id", "photo_id");
            _word = Prepare(connection, "INSERT INTO photo_words (word, photo_id) VALUES ($word, $photo_id)", "word", "photo_id");
            // REPLACE, not IGNORE: a row the clear above missed must not keep another version's heads (a probe trusts them).
            _prefix = Prepare(connection,
                "INSERT OR REPLACE INTO photo_prefixes (prefix, created_ms, photo_id, word_heads) VALUES ($prefix, $created_ms, $photo_id, $word_heads)",
                "prefix", "created_ms", "photo_id", "word_heads");
        }

        public void Save(Photo photo)
        {
            ClearPrefixes(photo.PhotoId);
            Run(_photo, photo.PhotoId, photo.Owner, photo.Title, photo.Description, string.Join(TagSeparator, photo.Tags), photo.FileName,
                photo.ContentType, photo.Size, photo.Width, photo.Height, photo.CreatedAtText, StatusText(photo.Status),
                photo.ExpiresAt is { } expires ? Photo.FormatTime(expires) : null, ImageStateText(photo.ImageState),
                photo.Variants?.ThumbnailKey, photo.Variants?.DisplayKey, photo.ImageProblem);
            Run(_clearWords, photo.PhotoId);
            if (!photo.IsVisible) return;
            var words = photo.SearchWords();
            foreach (var word in words) Run(_word, word, photo.PhotoId);
            var milliseconds = photo.CreatedAt.ToUnixTimeMilliseconds();
            var heads = PhotoPrefixes.Heads(words);
            foreach (var prefix in PhotoPrefixes.Of(words)) Run(_prefix, prefix, milliseconds, photo.PhotoId, heads);
        }

        /// <summary>
        /// Deletes the photo's prefix rows, found from what is stored now (its time and words), so that a photo saved
        /// again (completed, renamed, given another time) leaves none behind. No foreign key does it: one would need
        /// an index on photo_id, as large again as the table.
        /// </summary>
        private void ClearPrefixes(string photoId)
        {
            _stored.Parameters[0].Value = photoId;
            long? milliseconds = null;
            var words = new List<string>();
            using (var rows = _stored.ExecuteReader())
            {
                while (rows.Read())
                {
                    milliseconds = ParseTime(rows.GetString(0)).ToUnixTimeMilliseconds();
                    if (!rows.IsDBNull(1)) words.Add(rows.GetString(1));
                }
            }
            if (milliseconds is not { } stored) return;
            foreach (var prefix in PhotoPrefixes.Of(words)) Run(_clearPrefix, prefix, stored, photoId);
        }

        public void Dispose()
        {
            _stored.Dispose();
            _clearPrefix.Dispose();
            _photo.Dispose();
            _clearWords.Dispose();
            _word.Dispose();
            _prefix.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in names) command.Parameters.Add(new SqliteParameter("$" + name, DBNull.Value));
            return command;
        }

        private static void Run(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    public Task<bool> RecordImagesAsync(string photoId, ImagesOutcome outcome, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var changed = outcome.State == ImageState.Ready
            ? Update(connection,
                "UPDATE photos SET image_state = $state, thumbnail_key = $thumbnail, display_key = $display, width = $width, height = $height, image_problem = NULL WHERE photo_id = $id AND status = 'complete'",
                ("$state", ImageStateText(outcome.State)), ("$thumbnail", outcome.Variants?.ThumbnailKey), ("$display", outcome.Variants?.DisplayKey),
                ("$width", outcome.Width), ("$height", outcome.Height), ("$id", photoId))
            : Update(connection,
                "UPDATE photos SET image_state = $state, thumbnail_key = NULL, display_key = NULL, image_problem = $problem WHERE photo_id = $id AND status = 'complete'",
                ("$state", ImageStateText(outcome.State)), ("$problem", outcome.Problem), ("$id", photoId));
        return Task.FromResult(changed);
    }

    private static bool Update(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = SqliteDatabase.Command(connection, sql, parameters);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>
    /// Complete photos whose images were never recorded, oldest first: their storage event was lost (the host stopped
    /// before delivering it) or they were stored before the server made images.
    /// </summary>
    public IReadOnlyList<Photo> AwaitingImages()
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection,
            $"SELECT {Columns} FROM photos WHERE status = 'complete' AND image_state = 'processing' ORDER BY created_at, photo_id");
        using var reader = command.ExecuteReader();
        var photos = new List<Photo>();
        while (reader.Read()) photos.Add(Read(reader));
        return photos;
    }

    public Task<Photo?> FindAsync(string photoId, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection,
            $"SELECT {Columns} FROM photos WHERE photo_id = $id AND (status = 'complete' OR expires_at >= $now)",
            ("$id", photoId), ("$now", Now()));
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Read(reader) : null);
    }

    public Task<PhotoPage> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return Task.FromResult(Page(connection, page, "photos INDEXED BY photos_newest_first", "", []));
    }

    public Task<PhotoPage> SearchAsync(SearchQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return Task.FromResult(plan switch
        {
            SearchPlan.FromWordRows => WordRowsPage(connection, query, page, int.MaxValue),
            SearchPlan.WalkNewest => WordRowsPage(connection, query, page, 0),
            SearchPlan.CountThenWordRowsOrWalk => WordRowsPage(connection, query, page, null),
            _ => PrefixPage(connection, query, page, plan),
        });
    }

    /// <summary>
    /// The page from the prefix rows: their merge, the sparsest prefix read and the others probed, or a zig-zag over
    /// all of them (<see cref="PrefixWalk"/>); as <paramref name="plan"/> says or, for <see cref="SearchPlan.Chosen"/>,
    /// as <see cref="MergeOrProbe"/> finds cheaper.
    /// </summary>
    private static PhotoPage PrefixPage(SqliteConnection connection, SearchQuery query, PageRequest page, SearchPlan plan)
    {
        var after = PhotoCursor.Decode(page.Cursor);
        // Each word's prefix; one that starts another adds nothing (every photo under "sunset" is under "sun").
        var cut = query.Words.Select(PhotoPrefixes.Cut).Distinct(StringComparer.Ordinal).ToList();
        var prefixes = cut.Where(prefix => !cut.Any(other => other.Length > prefix.Length && other.StartsWith(prefix, StringComparison.Ordinal))).ToList();
        // A word longer than its prefix is checked against the candidate's whole words.
        var longWords = query.Words.Where(word => word.Length > PhotoPrefixes.MaxLength).ToList();
        var accept = longWords.Count == 0 ? null : string.Join(" AND ", longWords.Select((_, i) =>
            $"EXISTS (SELECT 1 FROM photo_words INDEXED BY photo_words_by_photo WHERE photo_words.photo_id = s.photo_id AND photo_words.word GLOB $long{i})"));

        var parameters = new List<(string, object?)>
        {
            ("$wanted", page.Limit + 1),
            ("$afterMs", after is null ? long.MaxValue : ParseTime(after.CreatedAt).ToUnixTimeMilliseconds()),
            ("$afterId", after?.PhotoId ?? ""),
        };
        var merge = plan == SearchPlan.PrefixMerge || prefixes.Count == 1;
        if (plan is SearchPlan.Chosen or SearchPlan.PrefixProbe && prefixes.Count > 1)
        {
            var (sparsest, mergeIsCheaper) = MergeOrProbe(connection, prefixes, [.. parameters]);
            merge = plan == SearchPlan.Chosen && mergeIsCheaper;
            // The sparsest prefix first: to probe, its rows are read and the others' looked up.
            prefixes = [prefixes[sparsest], .. prefixes.Where((_, i) => i != sparsest)];
        }
        var probe = plan != SearchPlan.PrefixZigZag && !merge;
        // Prefix 0's rows go by the name s, for the check of long words.
        var sql = plan == SearchPlan.PrefixZigZag
            ? $"""
                {PrefixWalk.Sql(prefixes.Count, accept)}
                SELECT {QualifiedColumns} FROM walk CROSS JOIN photos ON photos.photo_id = walk.id
                WHERE walk.accepted AND photos.status = 'complete'
                ORDER BY walk.ms DESC, walk.id DESC
                """
            : merge
            ? $"""
                SELECT {QualifiedColumns} FROM (
                    SELECT s.created_ms, s.photo_id FROM photo_prefixes AS s
                    WHERE s.prefix = $p0 AND (s.created_ms, s.photo_id) < ($afterMs, $afterId){(accept is null ? "" : " AND " + accept)}
                    {string.Concat(prefixes.Skip(1).Select((_, i) => $"""
                        INTERSECT SELECT created_ms, photo_id FROM photo_prefixes
                        WHERE prefix = $p{i + 1} AND (created_ms, photo_id) < ($afterMs, $afterId)

                        """))}
                    ORDER BY 1 DESC, 2 DESC
                    LIMIT $wanted
                ) AS page CROSS JOIN photos ON photos.photo_id = page.photo_id
                WHERE photos.status = 'complete'
                ORDER BY page.created_ms DESC, page.photo_id DESC
                """
            : $"""
                SELECT {QualifiedColumns} FROM (
                    SELECT s.photo_id AS id, s.created_ms AS ms FROM photo_prefixes AS s
                    WHERE s.prefix = $p0 AND (s.created_ms, s.photo_id) < ($afterMs, $afterId) AND (s.word_heads & $heads) = $heads
                    {string.Concat(prefixes.Skip(1).Select((_, i) => $"AND EXISTS (SELECT 1 FROM photo_prefixes AS o WHERE o.prefix = $p{i + 1} AND o.created_ms = s.created_ms AND o.photo_id = s.photo_id) "))}
                    {(accept is null ? "" : "AND " + accept)}
                    ORDER BY s.created_ms DESC, s.photo_id DESC
                    LIMIT $wanted
                ) AS page CROSS JOIN photos ON photos.photo_id = page.id
                WHERE photos.status = 'complete'
                ORDER BY page.ms DESC, page.id DESC
                """;
        parameters.AddRange(prefixes.Select((prefix, i) => ($"$p{i}", (object?)prefix)));
        // The other prefixes' heads, which a photo under the first must have (most photos that lack a word fail here, unprobed).
        if (probe) parameters.Add(("$heads", prefixes.Skip(1).Aggregate(0L, (heads, prefix) => heads | PhotoPrefixes.HeadBits(prefix))));
        parameters.AddRange(longWords.Select((word, i) => ($"$long{i}", (object?)(word + "*"))));

        return ReadPage(connection, sql, parameters, page.Limit);
    }

    /// <summary>Runs a page query that asks for one photo more than <paramref name="limit"/>: that one, if it comes, says there is a next page.</summary>
    private static PhotoPage ReadPage(SqliteConnection connection, string sql, List<(string, object?)> parameters, int limit)
    {
        using var command = SqliteDatabase.Command(connection, sql, [.. parameters]);
        using var reader = command.ExecuteReader();
        var photos = new List<Photo>();
        while (reader.Read()) photos.Add(Read(reader));
        if (photos.Count <= limit) return new PhotoPage(photos, null);
        photos.RemoveAt(photos.Count - 1);
        return new PhotoPage(photos, PhotoCursor.Encode(photos[^1]));
    }

    /// <summary>
    /// How dense each prefix is where the page will come from, judged by how far back its <see cref="DensityRows"/>-th
    /// row (newest first, past the cursor) lies; a look at so many rows of each prefix, not a count of all of them,
    /// which for a one-letter prefix is most of the gallery. Returns the sparsest prefix, and whether a merge of all
    /// the prefixes' rows (SQLite's <c>INTERSECT</c>, reading each newest first side by side) costs less than reading
    /// the sparsest and probing the others for each of its rows: a merge reads every prefix's rows in the stretch the
    /// page comes from, a probe reads the sparsest's and looks up those whose word heads have the others' (every one
    /// when all the others are shorter than a head, which gives no bits), a lookup costing about
    /// <see cref="ProbeCost"/> times reading on. So a merge is chosen while the others are at most
    /// <see cref="FilteredProbeReach"/> times as dense as the sparsest when every other prefix has a head to check,
    /// <see cref="ProbeCost"/> times otherwise. A prefix with fewer rows than <see cref="DensityRows"/> is read and probed: a merge would read the
    /// others' rows back to its oldest.
    /// </summary>
    private static (int Sparsest, bool MergeIsCheaper) MergeOrProbe(SqliteConnection connection, IReadOnlyList<string> prefixes,
        (string, object?)[] bounds)
    {
        var columns = prefixes.Select((_, i) =>
            $"(SELECT created_ms FROM photo_prefixes WHERE prefix = $p{i} AND (created_ms, photo_id) < ($afterMs, $afterId) " +
            $"ORDER BY created_ms DESC, photo_id DESC LIMIT 1), " +
            $"(SELECT created_ms FROM photo_prefixes WHERE prefix = $p{i} AND (created_ms, photo_id) < ($afterMs, $afterId) " +
            $"ORDER BY created_ms DESC, photo_id DESC LIMIT 1 OFFSET {DensityRows - 1})");
        using var command = SqliteDatabase.Command(connection, "SELECT " + string.Join(", ", columns),
            [.. bounds, .. prefixes.Select((prefix, i) => ($"$p{i}", (object?)prefix))]);
        using var reader = command.ExecuteReader();
        reader.Read();
        for (var i = 0; i < prefixes.Count; i++)
            if (reader.IsDBNull(2 * i + 1)) return (i, false);
        // Rows per millisecond back from the newest row of any of them: DensityRows over the time they span.
        var newest = Enumerable.Range(0, prefixes.Count).Max(i => reader.GetInt64(2 * i));
        var densities = Enumerable.Range(0, prefixes.Count).Select(i => (double)DensityRows / (newest - reader.GetInt64(2 * i + 1) + 1)).ToList();
        var sparsest = densities.IndexOf(densities.Min());
        var filtered = prefixes.Where((_, i) => i != sparsest).All(prefix => PhotoPrefixes.HeadBits(prefix) != 0);
        var probeReach = filtered ? FilteredProbeReach : ProbeCost;
        return (sparsest, densities.Sum() <= densities[sparsest] * (1 + probeReach * (prefixes.Count - 1)));
    }

    /// <summary>
    /// How many more rows a merge may read per row of the sparsest prefix (for each other prefix) before probing with
    /// the word heads costs less. Measured at 100,000 photos (docs/performance.md): a probe reads on for 0.048 µs a row
    /// and looks up a row that passes the heads for 0.30 µs; a merge reads on for 0.059 µs. Besides their matches,
    /// words that rarely meet let at most about 1 row in 8 through by the heads' chance bits (1 in 20 or fewer measured
    /// on the benchmark's words), so a probe costs about 0.8 to 1.4 merge rows a row plus a lookup per match; the two
    /// cross where the other prefixes are about 1.2 times as dense as the sparsest (two words meeting in a sixth of the
    /// sparsest's photos or more favour the merge, fewer the probe).
    /// </summary>
    private const double FilteredProbeReach = 1.2;

    /// <summary>
    /// A lookup by primary key against reading on one row: 0.26–0.34 µs against 0.05–0.09 µs inside SQLite at 100,000
    /// photos (docs/performance.md).
    /// </summary>
    private const double ProbeCost = 5;

    private const int DensityRows = 64;

    /// <summary>
    /// The plans from before the prefix rows, from the word rows alone. Starting from the rarest word's rows costs
    /// a photo lookup per row and a sort; walking the photos newest first costs about (page size ÷ share of photos
    /// matching) steps; <paramref name="walkThreshold"/> (none: by the gallery's size) says how many rows a word may
    /// reach before the search walks instead.
    /// </summary>
    private static PhotoPage WordRowsPage(SqliteConnection connection, SearchQuery query, PageRequest page, int? walkThreshold)
    {
        var parameters = new List<(string, object?)>();
        for (var i = 0; i < query.Words.Count; i++) parameters.Add(($"$w{i}", query.Words[i] + "*"));

        // Which word reaches the fewest word rows (counted only up to the threshold)?
        var threshold = walkThreshold ?? WalkThreshold(connection, page.Limit);
        var start = -1;
        var fewest = long.MaxValue;
        for (var i = 0; i < query.Words.Count; i++)
        {
            using var count = SqliteDatabase.Command(connection,
                "SELECT count(*) FROM (SELECT 1 FROM photo_words WHERE word GLOB $w LIMIT $threshold)",
                ("$w", query.Words[i] + "*"), ("$threshold", threshold));
            var rows = (long)count.ExecuteScalar()!;
            if (rows < threshold && rows < fewest) (start, fewest) = (i, rows);
        }

        // One "has a word starting with ..." check per query word (but the one the search starts from): all must hold.
        var conditions = new StringBuilder();
        for (var i = 0; i < query.Words.Count; i++)
        {
            if (i == start) continue;
            conditions.Append(CultureInfo.InvariantCulture,
                $" AND EXISTS (SELECT 1 FROM photo_words AS w WHERE w.photo_id = photos.photo_id AND w.word GLOB $w{i})");
        }
        // CROSS JOIN keeps SQLite's join order: the few word rows first, then their photos.
        var source = start < 0
            ? "photos INDEXED BY photos_newest_first"
            : $"(SELECT DISTINCT photo_id FROM photo_words WHERE word GLOB $w{start}) AS found CROSS JOIN photos INDEXED BY photos_by_id_covering ON photos.photo_id = found.photo_id";
        return Page(connection, page, source, conditions.ToString(), parameters);
    }

    private static PhotoPage Page(SqliteConnection connection, PageRequest page, string source, string conditions, List<(string, object?)> parameters)
    {
        var after = PhotoCursor.Decode(page.Cursor);
        // Only with a cursor: a row-value bound SQLite can seek the index to, where "IS NULL OR ..." is a filter.
        var bound = after is null ? "" : " AND (photos.created_at, photos.photo_id) < ($afterTime, $afterId)";
        // Two steps: the page's ids from indexes alone (status, time and id are in both photo indexes, so no
        // candidate's row is read, let alone sorted), then the rows of just those ids.
        var sql = $"""
            SELECT {QualifiedColumns} FROM (
                SELECT photos.photo_id AS id, photos.created_at AS time FROM {source}
                WHERE photos.status = 'complete'{bound}{conditions}
                ORDER BY photos.created_at DESC, photos.photo_id DESC
                LIMIT $limit
            ) AS page CROSS JOIN photos ON photos.photo_id = page.id
            ORDER BY page.time DESC, page.id DESC
            """;
        if (after is not null) parameters.AddRange([("$afterTime", after.CreatedAt), ("$afterId", after.PhotoId)]);
        parameters.Add(("$limit", page.Limit + 1));

        return ReadPage(connection, sql, parameters, page.Limit);
    }

    private static Photo Read(SqliteDataReader row) => new()
    {
        PhotoId = row.GetString(0),
        Owner = row.GetString(1),
        Title = row.GetString(2),
        Description = row.GetString(3),
        Tags = row.GetString(4).Length == 0 ? [] : row.GetString(4).Split(TagSeparator),
        FileName = row.GetString(5),
        ContentType = row.GetString(6),
        Size = row.GetInt64(7),
        Width = row.IsDBNull(8) ? null : row.GetInt32(8),
        Height = row.IsDBNull(9) ? null : row.GetInt32(9),
        CreatedAt = ParseTime(row.GetString(10)),
        Status = row.GetString(11) == "complete" ? PhotoStatus.Complete : PhotoStatus.Pending,
        ExpiresAt = row.IsDBNull(12) ? null : ParseTime(row.GetString(12)),
        ImageState = Enum.Parse<ImageState>(row.GetString(13), ignoreCase: true),
        Variants = row.IsDBNull(14) || row.IsDBNull(15) ? null : new PhotoVariants(row.GetString(14), row.GetString(15)),
        ImageProblem = row.IsDBNull(16) ? null : row.GetString(16),
    };

    private static string ImageStateText(ImageState state) => state.ToString().ToLowerInvariant();

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string StatusText(PhotoStatus status) => status == PhotoStatus.Complete ? "complete" : "pending";

    private string Now() => Photo.FormatTime(clock.GetUtcNow());
}

/// <summary>How <see cref="SqlitePhotoIndex"/> finds a search's page: as it chooses, or one plan forced.</summary>
public enum SearchPlan
{
    /// <summary>Over the prefix rows: <see cref="PrefixMerge"/> or <see cref="PrefixProbe"/>, whichever reads less.</summary>
    Chosen,
    /// <summary>The zig-zag over the prefix rows, forced.</summary>
    PrefixZigZag,
    /// <summary>The sparsest prefix's rows read newest first, the others' probed for each whose word heads pass, forced.</summary>
    PrefixProbe,
    /// <summary>Every prefix's rows read newest first side by side (SQLite's merging <c>INTERSECT</c>), forced.</summary>
    PrefixMerge,
    /// <summary>The plan before the prefix rows: count each word's rows up to a threshold, then one of the two below.</summary>
    CountThenWordRowsOrWalk,
    /// <summary>Start from the rarest word's rows, look up each photo, sort.</summary>
    FromWordRows,
    /// <summary>Walk every photo newest first, checking its words, until the page is full.</summary>
    WalkNewest,
}

/// <summary>The position after the last photo of a page: its creation time and id, opaque to clients.</summary>
internal sealed record PhotoCursor(string CreatedAt, string PhotoId)
{
    private const string Version = "v1";

    public static string Encode(Photo last) =>
        Base64Url.Encode(Encoding.UTF8.GetBytes($"{Version}|{last.CreatedAtText}|{last.PhotoId}"));

    public static PhotoCursor? Decode(string? cursor)
    {
        if (cursor is null) return null;
        var parts = Base64Url.TryDecode(cursor)?.Split('|');
        if (parts is [Version, var createdAt, var photoId] && Core.Photos.PhotoId.IsValid(photoId) &&
            DateTimeOffset.TryParse(createdAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            return new PhotoCursor(createdAt, photoId);
        throw new GalleryException(ErrorCode.InvalidCursor, "'cursor' is not one this API returned; start again without it.");
    }
}

internal static class Base64Url
{
    public static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static string? TryDecode(string text)
    {
        try
        {
            return Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
