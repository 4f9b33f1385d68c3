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
/// The photo catalog in SQLite. Search uses a word table filled by the shared tokenizer (not SQLite's
/// own tokenizers, which split and fold text differently): a query word matches a stored word it is a
/// prefix of, found through the index with <c>GLOB 'word*'</c>.
/// <para>
/// <b>Why search stays flat as the gallery grows.</b> A page is the newest matches, and there are two ways to
/// find them; each is cheap exactly where the other is not, so every search first counts, through the index and
/// only up to a threshold (<see cref="WalkThreshold"/>), the word rows each query word reaches. If some word reaches
/// fewer, its rows are few: the search starts from them (a photo lookup each), checks the other words, and sorts
/// that handful. If every word reaches more, matches are common: the search walks the photos newest first
/// (the <c>photos_newest_first</c> index) and stops as soon as the page is full, checking each photo's own
/// words with one index seek per query word, so it reads about (page size ÷ share of photos matching) photos,
/// whatever the gallery's size. Either way the page's ids come from indexes alone and only the page's rows
/// are read. Starting from every word's rows, as a plain <c>IN</c> query does, costs as many rows as the
/// commonest word has: at 100,000 photos about a second for <c>s</c>, against 0.3 ms here (docs/performance.md).
/// What stays slow: two words that are each common but rarely meet (both plans then read thousands of rows).
/// </para>
/// </summary>
public sealed class SqlitePhotoIndex(SqliteDatabase database, TimeProvider clock, int? walkThreshold = null) : IPhotoIndex
{
    /// <summary>
    /// How many word rows a query word may reach before search walks the newest photos instead of starting from
    /// those rows. Starting from n rows costs n photo lookups and a sort; walking costs about
    /// (page size × photos ÷ n) steps; they cross where n is the square root of (page size × photos): 160 at
    /// 1,000 photos, 1,600 at 100,000. The photo count is estimated by the table's largest rowid (every save
    /// takes a new one, so it overestimates a little, which moves the crossing by a square root only).
    /// </summary>
    private int WalkThreshold(SqliteConnection connection, int pageSize)
    {
        if (walkThreshold is { } fixedThreshold) return fixedThreshold;
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

    /// <param name="walkThreshold">none to choose by the gallery's size (see <see cref="WalkThreshold"/>); tests
    /// and the benchmark give 0 or int.MaxValue to force one search plan or the other.</param>
    public static SqlitePhotoIndex Open(string path, TimeProvider clock, int? walkThreshold = null)
    {
        var database = new SqliteDatabase(path, Schema);
        Upgrade(database);
        return new(database, clock, walkThreshold);
    }

    private static void Upgrade(SqliteDatabase database)
    {
        using var connection = database.Open();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (var info = SqliteDatabase.Command(connection, "SELECT name FROM pragma_table_info('photos')"))
        using (var reader = info.ExecuteReader())
        {
            while (reader.Read()) columns.Add(reader.GetString(0));
        }
        foreach (var upgrade in Upgrades)
        {
            var column = upgrade.Split(' ')[5];
            var needed = upgrade.Contains(" DROP ", StringComparison.Ordinal) ? columns.Contains(column) : !columns.Contains(column);
            if (needed) SqliteDatabase.Execute(connection, upgrade);
        }
    }

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

    /// <summary>The three statements that save a photo, prepared once and reused for every photo of a bulk load.</summary>
    private sealed class PhotoWriter : IDisposable
    {
        private readonly SqliteCommand _photo;
        private readonly SqliteCommand _clearWords;
        private readonly SqliteCommand _word;

        public PhotoWriter(SqliteConnection connection)
        {
            _photo = Prepare(connection, $"INSERT OR REPLACE INTO photos ({Columns}) VALUES ({string.Join(", ", Columns.Split(", ").Select(column => "$" + column))})",
                [.. Columns.Split(", ")]);
            _clearWords = Prepare(connection, "DELETE FROM photo_words WHERE photo_id = $photo_id", "photo_id");
            _word = Prepare(connection, "INSERT INTO photo_words (word, photo_id) VALUES ($word, $photo_id)", "word", "photo_id");
        }

        public void Save(Photo photo)
        {
            Run(_photo, photo.PhotoId, photo.Owner, photo.Title, photo.Description, string.Join(TagSeparator, photo.Tags), photo.FileName,
                photo.ContentType, photo.Size, photo.Width, photo.Height, photo.CreatedAtText, StatusText(photo.Status),
                photo.ExpiresAt is { } expires ? Photo.FormatTime(expires) : null, ImageStateText(photo.ImageState),
                photo.Variants?.ThumbnailKey, photo.Variants?.DisplayKey, photo.ImageProblem);
            Run(_clearWords, photo.PhotoId);
            if (!photo.IsVisible) return;
            foreach (var word in photo.SearchWords()) Run(_word, word, photo.PhotoId);
        }

        public void Dispose()
        {
            _photo.Dispose();
            _clearWords.Dispose();
            _word.Dispose();
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
        var parameters = new List<(string, object?)>();
        for (var i = 0; i < query.Words.Count; i++) parameters.Add(($"$w{i}", query.Words[i] + "*"));

        // Which word reaches the fewest word rows (counted only up to the threshold)?
        var threshold = WalkThreshold(connection, page.Limit);
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
        return Task.FromResult(Page(connection, page, source, conditions.ToString(), parameters));
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

        using var command = SqliteDatabase.Command(connection, sql, [.. parameters]);
        using var reader = command.ExecuteReader();
        var photos = new List<Photo>();
        while (reader.Read()) photos.Add(Read(reader));

        if (photos.Count <= page.Limit) return new PhotoPage(photos, null);
        photos.RemoveAt(photos.Count - 1);
        return new PhotoPage(photos, PhotoCursor.Encode(photos[^1]));
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
