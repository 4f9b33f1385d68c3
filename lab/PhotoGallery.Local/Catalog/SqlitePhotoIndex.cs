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
/// </summary>
public sealed class SqlitePhotoIndex(SqliteDatabase database, TimeProvider clock) : IPhotoIndex
{
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

    // Tags cannot contain control characters (see PhotoDraft), so one makes a safe separator.
    private const char TagSeparator = '\u001F';

    public static SqlitePhotoIndex Open(string path, TimeProvider clock)
    {
        var database = new SqliteDatabase(path, Schema);
        Upgrade(database);
        return new(database, clock);
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
        Save(connection, photo);
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<bool> TryAddPendingAsync(Photo photo, OpenUploads openUploads, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        // BEGIN IMMEDIATE: one writer at a time from the count on, so two requests cannot both take the last place.
        using var transaction = connection.BeginTransaction(deferred: false);
        using var count = SqliteDatabase.Command(connection,
            "SELECT COUNT(*) FROM photos WHERE owner = $owner AND status = 'pending' AND created_at > $since",
            ("$owner", photo.Owner), ("$since", Photo.FormatTime(clock.GetUtcNow() - openUploads.Lifetime)));
        if (Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) >= openUploads.Limit) return Task.FromResult(false);
        Save(connection, photo);
        transaction.Commit();
        return Task.FromResult(true);
    }

    private void Save(SqliteConnection connection, Photo photo)
    {
        SqliteDatabase.Execute(connection, "DELETE FROM photos WHERE status = 'pending' AND expires_at < $now", ("$now", Now()));
        SqliteDatabase.Execute(connection, $"INSERT OR REPLACE INTO photos ({Columns}) VALUES ($id, $owner, $title, $description, $tags, $fileName, $contentType, $size, $width, $height, $createdAt, $status, $expiresAt, $imageState, $thumbnailKey, $displayKey, $imageProblem)",
            ("$id", photo.PhotoId), ("$owner", photo.Owner), ("$title", photo.Title), ("$description", photo.Description),
            ("$tags", string.Join(TagSeparator, photo.Tags)), ("$fileName", photo.FileName), ("$contentType", photo.ContentType),
            ("$size", photo.Size), ("$width", photo.Width), ("$height", photo.Height), ("$createdAt", photo.CreatedAtText),
            ("$status", StatusText(photo.Status)), ("$expiresAt", photo.ExpiresAt is { } expires ? Photo.FormatTime(expires) : null),
            ("$imageState", ImageStateText(photo.ImageState)), ("$thumbnailKey", photo.Variants?.ThumbnailKey),
            ("$displayKey", photo.Variants?.DisplayKey), ("$imageProblem", photo.ImageProblem));
        SqliteDatabase.Execute(connection, "DELETE FROM photo_words WHERE photo_id = $id", ("$id", photo.PhotoId));
        if (photo.IsVisible)
        {
            foreach (var word in photo.SearchWords())
                SqliteDatabase.Execute(connection, "INSERT INTO photo_words (word, photo_id) VALUES ($word, $id)", ("$word", word), ("$id", photo.PhotoId));
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

    public Task<PhotoPage> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        Task.FromResult(Page(page, "", []));

    public Task<PhotoPage> SearchAsync(SearchQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        // One "has a word starting with ..." condition per query word: all must hold.
        var conditions = new StringBuilder();
        var parameters = new List<(string, object?)>();
        for (var i = 0; i < query.Words.Count; i++)
        {
            conditions.Append(CultureInfo.InvariantCulture,
                $" AND photo_id IN (SELECT photo_id FROM photo_words WHERE word GLOB $w{i})");
            parameters.Add(($"$w{i}", query.Words[i] + "*"));
        }
        return Task.FromResult(Page(page, conditions.ToString(), parameters));
    }

    private PhotoPage Page(PageRequest page, string conditions, List<(string, object?)> parameters)
    {
        var after = PhotoCursor.Decode(page.Cursor);
        var sql = $"""
            SELECT {Columns} FROM photos
            WHERE status = 'complete'
              AND ($afterTime IS NULL OR (created_at, photo_id) < ($afterTime, $afterId)){conditions}
            ORDER BY created_at DESC, photo_id DESC
            LIMIT $limit
            """;
        parameters.AddRange([("$afterTime", after?.CreatedAt), ("$afterId", after?.PhotoId), ("$limit", page.Limit + 1)]);

        using var connection = database.Open();
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
