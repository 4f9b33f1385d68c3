using System.Diagnostics;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;
using PhotoGallery.Local.Catalog;

namespace PhotoGallery.Adapters.Tests.Local;

/// <summary>
/// The catalog contract on SQLite, a new database file per test; then cases written for SQLite: a photo
/// read back after reopening the file, pending and completed photos, renames, a cursor from elsewhere.
/// </summary>
[TestFixture]
public sealed class SqlitePhotoIndexTests : PhotoIndexContract
{
    private TempDirectory? _folder;

    private string DatabasePath => Path.Combine(_folder!.Path, "catalog.db");

    protected override Task<IPhotoIndex> CreateIndexAsync(TimeProvider clock)
    {
        _folder = new TempDirectory();
        return Task.FromResult<IPhotoIndex>(SqlitePhotoIndex.Open(DatabasePath, clock));
    }

    [TearDown]
    public void DeleteFolder() => _folder?.Dispose();

    private SqlitePhotoIndex Open() => SqlitePhotoIndex.Open(DatabasePath, Clock);

    private Photo NewPhoto(string title, PhotoStatus status = PhotoStatus.Complete) => new()
    {
        PhotoId = PhotoId.New(Clock.GetUtcNow()),
        Owner = "alice",
        Title = title,
        Tags = ["one", "two words"],
        FileName = "x.jpg",
        ContentType = "image/jpeg",
        Size = 123,
        Width = 10,
        Height = 20,
        CreatedAt = Clock.GetUtcNow(),
        Status = status,
        ExpiresAt = status == PhotoStatus.Pending ? Clock.GetUtcNow().AddHours(24) : null,
    };

    [Test]
    public async Task SaveAsync_ThenFindAfterReopening_SamePhoto()
    {
        var photo = NewPhoto("Harbour");
        await Open().SaveAsync(photo, default);

        var found = await Open().FindAsync(photo.PhotoId, default);

        Assert.That(found, Is.Not.Null);
        Assert.That(found! with { Tags = photo.Tags }, Is.EqualTo(photo));
        Assert.That(found.Tags, Is.EqualTo(photo.Tags));
    }

    [Test]
    public async Task SaveAsync_Pending_FoundButNeitherListedNorSearchable()
    {
        var index = Open();
        var pending = NewPhoto("Secret harbour", PhotoStatus.Pending);

        await index.SaveAsync(pending, default);

        Assert.That((await index.FindAsync(pending.PhotoId, default))?.Status, Is.EqualTo(PhotoStatus.Pending));
        Assert.That((await index.ListAsync(new PageRequest(10, null), default)).Photos, Is.Empty);
        Assert.That((await index.SearchAsync(SearchQuery.Parse("harbour"), new PageRequest(10, null), default)).Photos, Is.Empty);
    }

    [Test]
    public async Task FindAsync_PendingPastExpiry_Null()
    {
        var index = Open();
        var pending = NewPhoto("Late", PhotoStatus.Pending);
        await index.SaveAsync(pending, default);

        Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        Assert.That(await index.FindAsync(pending.PhotoId, default), Is.Null);
    }

    [Test]
    public async Task SaveAsync_CompletingAPendingPhoto_ListedAndSearchableOnce()
    {
        var index = Open();
        var pending = NewPhoto("Harbour", PhotoStatus.Pending);
        await index.SaveAsync(pending, default);

        var complete = pending with { Status = PhotoStatus.Complete, ExpiresAt = null };
        await index.SaveAsync(complete, default);
        await index.SaveAsync(complete, default);

        Assert.That((await index.ListAsync(new PageRequest(10, null), default)).Photos, Has.Count.EqualTo(1));
        Assert.That((await index.SearchAsync(SearchQuery.Parse("harb tw"), new PageRequest(10, null), default)).Photos, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SaveAsync_TitleChanged_OldWordsNoLongerFound()
    {
        var index = Open();
        var photo = NewPhoto("Harbour");
        await index.SaveAsync(photo, default);

        await index.SaveAsync(photo with { Title = "Meadow" }, default);

        Assert.That((await index.SearchAsync(SearchQuery.Parse("harbour"), new PageRequest(10, null), default)).Photos, Is.Empty);
        Assert.That((await index.SearchAsync(SearchQuery.Parse("meadow"), new PageRequest(10, null), default)).Photos, Has.Count.EqualTo(1));
    }

    /// <summary>The catalog as data folders made before server-made images hold it (<c>has_thumbnail</c>, no image columns).</summary>
    private const string SchemaBeforeServerImages = """
        CREATE TABLE photos (
            photo_id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, tags TEXT NOT NULL,
            file_name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, width INTEGER, height INTEGER,
            created_at TEXT NOT NULL, status TEXT NOT NULL, has_thumbnail INTEGER NOT NULL, expires_at TEXT);
        CREATE INDEX photos_newest_first ON photos (status, created_at DESC, photo_id DESC);
        CREATE TABLE photo_words (
            word TEXT NOT NULL, photo_id TEXT NOT NULL REFERENCES photos (photo_id) ON DELETE CASCADE,
            PRIMARY KEY (word, photo_id)) WITHOUT ROWID;
        CREATE INDEX photo_words_by_photo ON photo_words (photo_id);
        """;

    [Test]
    public async Task Open_CatalogFromBeforeServerImages_KeepsEveryPhotoAsProcessing()
    {
        var withThumbnail = NewPhoto("Harbour") with { Tags = ["boats", "night sky"] };
        var withoutThumbnail = NewPhoto("Meadow") with { Width = null, Height = null };
        var pending = NewPhoto("Upload", PhotoStatus.Pending);
        var path = Path.Combine(_folder!.Path, "old-catalog.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, SchemaBeforeServerImages);
            foreach (var (photo, thumbnail) in new[] { (withThumbnail, 1), (withoutThumbnail, 0), (pending, 0) })
            {
                Execute(connection, "INSERT INTO photos VALUES ($id, 'alice', $title, '', $tags, 'x.jpg', 'image/jpeg', 123, $width, $height, $created, $status, $thumbnail, $expires)",
                    ("$id", photo.PhotoId), ("$title", photo.Title), ("$tags", string.Join('\u001F', photo.Tags)), ("$width", photo.Width),
                    ("$height", photo.Height), ("$created", photo.CreatedAtText), ("$status", photo.Status.ToString().ToLowerInvariant()),
                    ("$thumbnail", thumbnail), ("$expires", photo.ExpiresAt is { } expires ? Photo.FormatTime(expires) : null));
                if (photo.IsVisible)
                    foreach (var word in photo.SearchWords())
                        Execute(connection, "INSERT INTO photo_words VALUES ($word, $id)", ("$word", word), ("$id", photo.PhotoId));
            }
        }

        var index = SqlitePhotoIndex.Open(path, Clock);

        foreach (var photo in new[] { withThumbnail, withoutThumbnail, pending })
            AssertSame(await index.FindAsync(photo.PhotoId, default), photo with { ImageState = ImageState.Processing });
        var listed = (await index.ListAsync(new PageRequest(10, null), default)).Photos.Select(p => p.PhotoId);
        Assert.That(listed, Is.EquivalentTo(new[] { withThumbnail.PhotoId, withoutThumbnail.PhotoId }));
        Assert.That((await index.SearchAsync(SearchQuery.Parse("night harb"), new PageRequest(10, null), default)).Photos.Single().PhotoId,
            Is.EqualTo(withThumbnail.PhotoId));

        var variants = new PhotoVariants(PhotoKeys.Thumbnail(withThumbnail.PhotoId), PhotoKeys.Display(withThumbnail.PhotoId));
        Assert.That(await index.RecordImagesAsync(withThumbnail.PhotoId, ImagesOutcome.Ready(variants, 20, 10), default), Is.True);
        var reopened = SqlitePhotoIndex.Open(path, Clock);
        AssertSame(await reopened.FindAsync(withThumbnail.PhotoId, default),
            withThumbnail with { ImageState = ImageState.Ready, Variants = variants, Width = 20, Height = 10 });
        Assert.That(await reopened.FindAsync(withoutThumbnail.PhotoId, default), Is.Not.Null);
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>The prefix rows of a photo as stored: each prefix with the time it is filed under.</summary>
    private List<string> PrefixRows(string photoId, string? path = null) =>
        ReadPhotoRows("SELECT prefix || '@' || created_ms FROM photo_prefixes WHERE photo_id = $id ORDER BY 1", photoId, row => row.GetString(0), path);

    /// <summary>The distinct word heads in a photo's prefix rows (one value, the same in each, once they are made).</summary>
    private List<long> WordHeads(string photoId) =>
        ReadPhotoRows("SELECT DISTINCT word_heads FROM photo_prefixes WHERE photo_id = $id", photoId, row => row.GetInt64(0));

    /// <summary>One column of the rows a query about one photo (<c>$id</c>) finds, read from the file directly.</summary>
    private List<T> ReadPhotoRows<T>(string sql, string photoId, Func<SqliteDataReader, T> read, string? path = null)
    {
        using var connection = new SqliteConnection($"Data Source={path ?? DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", photoId);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private static List<string> Expected(DateTimeOffset createdAt, params string[] prefixes) =>
        [.. prefixes.Select(prefix => $"{prefix}@{createdAt.ToUnixTimeMilliseconds()}").Order(StringComparer.Ordinal)];

    private static readonly string[] AlicePrefixes = ["a", "al", "ali", "alic", "alice"];

    [Test]
    public async Task SaveAsync_PhotoSavedAgain_PrefixRowsFollowItsWordsTimeAndStatus()
    {
        var index = Open();
        var photo = NewPhoto("Harbour") with { Tags = [] };
        await index.SaveAsync(photo, default);
        Assert.That(PrefixRows(photo.PhotoId), Is.EqualTo(Expected(photo.CreatedAt, ["h", "ha", "har", "harb", "harbo", "harbou", "harbour", .. AlicePrefixes])));

        // Other words and another time: the old rows go, whatever they were filed under.
        var renamed = photo with { Title = "Meadows", CreatedAt = photo.CreatedAt.AddMinutes(-5) };
        await index.SaveAsync(renamed, default);
        Assert.That(PrefixRows(photo.PhotoId), Is.EqualTo(Expected(renamed.CreatedAt, ["m", "me", "mea", "mead", "meado", "meadow", "meadows", .. AlicePrefixes])));
        Assert.That((await index.SearchAsync(SearchQuery.Parse("harb"), new PageRequest(10, null), default)).Photos, Is.Empty);

        // Back to pending (never found), then complete again.
        await index.SaveAsync(renamed with { Status = PhotoStatus.Pending, ExpiresAt = Clock.GetUtcNow().AddHours(1) }, default);
        Assert.That(PrefixRows(photo.PhotoId), Is.Empty);
        await index.SaveAsync(renamed, default);
        Assert.That(PrefixRows(photo.PhotoId), Has.Count.EqualTo(12));
        Assert.That((await index.SearchAsync(SearchQuery.Parse("meadow alic"), new PageRequest(10, null), default)).Photos.Single().PhotoId,
            Is.EqualTo(photo.PhotoId));
    }

    [Test]
    public async Task SaveManyAsync_WordsLongerThanThePrefixes_CutAtTwelveAndFoundOnlyByTheirWholeWord()
    {
        var index = Open();
        var photographically = NewPhoto("Photographically") with { Tags = [] };
        Clock.Advance(TimeSpan.FromSeconds(1));
        var photographical = NewPhoto("Photographical") with { Tags = [] };
        await index.SaveManyAsync([photographically, photographical], default);

        // Both words are filed under the same prefixes, the longest of 12 characters ("photographic").
        Assert.That(PrefixRows(photographically.PhotoId), Is.EqualTo(PrefixRows(photographical.PhotoId).Select(row => row.Split('@')[0] + "@" +
            photographically.CreatedAt.ToUnixTimeMilliseconds())));
        Assert.That(PrefixRows(photographically.PhotoId).Select(row => row.Split('@')[0]).Max(prefix => prefix.Length), Is.EqualTo(12));
        foreach (var plan in new[] { SearchPlan.Chosen, SearchPlan.PrefixProbe, SearchPlan.PrefixMerge, SearchPlan.PrefixZigZag })
        {
            var search = SqlitePhotoIndex.Open(DatabasePath, Clock, plan);
            Assert.That((await search.SearchAsync(SearchQuery.Parse("photographicall"), new PageRequest(10, null), default)).Photos.Select(p => p.PhotoId),
                Is.EqualTo(new[] { photographically.PhotoId }), plan.ToString());
            Assert.That((await search.SearchAsync(SearchQuery.Parse("photographica"), new PageRequest(10, null), default)).Photos.Select(p => p.PhotoId),
                Is.EqualTo(new[] { photographical.PhotoId, photographically.PhotoId }), plan.ToString());
            Assert.That((await search.SearchAsync(SearchQuery.Parse("alice photographicall"), new PageRequest(10, null), default)).Photos.Select(p => p.PhotoId),
                Is.EqualTo(new[] { photographically.PhotoId }), plan.ToString());
            Assert.That((await search.SearchAsync(SearchQuery.Parse("alice photogra"), new PageRequest(10, null), default)).Photos.Select(p => p.PhotoId),
                Is.EqualTo(new[] { photographical.PhotoId, photographically.PhotoId }), plan.ToString());
        }
    }

    /// <summary>The catalog as data folders made before the prefix rows hold it: photo_words only, user_version 0.</summary>
    private const string SchemaBeforePrefixRows = """
        CREATE TABLE photos (
            photo_id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, tags TEXT NOT NULL,
            file_name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, width INTEGER, height INTEGER,
            created_at TEXT NOT NULL, status TEXT NOT NULL, expires_at TEXT, image_state TEXT NOT NULL DEFAULT 'processing',
            thumbnail_key TEXT, display_key TEXT, image_problem TEXT);
        CREATE INDEX photos_newest_first ON photos (status, created_at DESC, photo_id DESC);
        CREATE INDEX photos_by_id_covering ON photos (photo_id, status, created_at);
        CREATE INDEX photos_by_owner ON photos (owner, status, created_at);
        CREATE TABLE photo_words (
            word TEXT NOT NULL, photo_id TEXT NOT NULL REFERENCES photos (photo_id) ON DELETE CASCADE,
            PRIMARY KEY (word, photo_id)) WITHOUT ROWID;
        CREATE INDEX photo_words_by_photo ON photo_words (photo_id);
        """;

    [Test]
    public async Task Open_CatalogFromBeforePrefixRows_FillsThemFromItsWordsOnce()
    {
        var harbour = NewPhoto("Harbour") with { Tags = [] };
        Clock.Advance(TimeSpan.FromSeconds(1));
        var meadow = NewPhoto("Harbour meadow") with { Tags = [] };
        Clock.Advance(TimeSpan.FromSeconds(1));
        var pending = NewPhoto("Harbour upload", PhotoStatus.Pending);
        var path = Path.Combine(_folder!.Path, "old-catalog.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, SchemaBeforePrefixRows);
            foreach (var photo in new[] { harbour, meadow, pending })
            {
                Execute(connection, "INSERT INTO photos (photo_id, owner, title, description, tags, file_name, content_type, size, created_at, status, expires_at) " +
                    "VALUES ($id, 'alice', $title, '', '', 'x.jpg', 'image/jpeg', 123, $created, $status, $expires)",
                    ("$id", photo.PhotoId), ("$title", photo.Title), ("$created", photo.CreatedAtText), ("$status", photo.Status.ToString().ToLowerInvariant()),
                    ("$expires", photo.ExpiresAt is { } expires ? Photo.FormatTime(expires) : null));
                if (photo.IsVisible)
                    foreach (var word in photo.SearchWords())
                        Execute(connection, "INSERT INTO photo_words VALUES ($word, $id)", ("$word", word), ("$id", photo.PhotoId));
            }
        }

        _ = SqlitePhotoIndex.Open(path, Clock);

        Assert.That(PrefixRows(harbour.PhotoId, path), Is.EqualTo(Expected(harbour.CreatedAt, ["h", "ha", "har", "harb", "harbo", "harbou", "harbour", .. AlicePrefixes])));
        Assert.That(PrefixRows(meadow.PhotoId, path), Has.Count.EqualTo(18));
        Assert.That(PrefixRows(pending.PhotoId, path), Is.Empty);
        foreach (var plan in Enum.GetValues<SearchPlan>())
        {
            var search = SqlitePhotoIndex.Open(path, Clock, plan);
            Assert.That((await search.SearchAsync(SearchQuery.Parse("harb"), new PageRequest(10, null), default)).Photos.Select(p => p.PhotoId),
                Is.EqualTo(new[] { meadow.PhotoId, harbour.PhotoId }), plan.ToString());
            Assert.That((await search.SearchAsync(SearchQuery.Parse("al mea"), new PageRequest(10, null), default)).Photos.Select(p => p.PhotoId),
                Is.EqualTo(new[] { meadow.PhotoId }), plan.ToString());
        }

        // Filled once: rows deleted by hand stay deleted on the next open (the version says the table is filled).
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "DELETE FROM photo_prefixes WHERE photo_id = $id", ("$id", harbour.PhotoId));
        }
        SqliteConnection.ClearAllPools();
        _ = SqlitePhotoIndex.Open(path, Clock);
        Assert.That(PrefixRows(harbour.PhotoId, path), Is.Empty);
    }

    [Test]
    public async Task Open_CatalogWithPrefixRowsOfUpToEight_FillsThemAgainUpToTwelve()
    {
        var index = Open();
        var photo = NewPhoto("Photographically") with { Tags = [] };
        await index.SaveAsync(photo, default);
        // As a catalog of the previous version holds it: prefixes of at most 8 characters, user_version 1.
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "DELETE FROM photo_prefixes WHERE length(prefix) > 8; PRAGMA user_version = 1;");
        }
        SqliteConnection.ClearAllPools();
        Assert.That(PrefixRows(photo.PhotoId).Select(row => row.Split('@')[0]).Max(prefix => prefix.Length), Is.EqualTo(8));

        var reopened = Open();

        Assert.That(PrefixRows(photo.PhotoId).Select(row => row.Split('@')[0]).Max(prefix => prefix.Length), Is.EqualTo(12));
        Assert.That((await reopened.SearchAsync(SearchQuery.Parse("photographicall"), new PageRequest(10, null), default)).Photos.Select(p => p.PhotoId),
            Is.EqualTo(new[] { photo.PhotoId }));
    }

    private void ExecuteOnFile(string sql, params (string Name, object? Value)[] parameters)
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            Execute(connection, sql, parameters);
        }
        SqliteConnection.ClearAllPools();
    }

    [Test]
    public async Task SaveAsync_PhotoRenamed_EveryPrefixRowCarriesTheNewWordHeads()
    {
        var index = Open();
        var photo = NewPhoto("Harbour") with { Tags = [] };
        await index.SaveAsync(photo, default);
        var before = WordHeads(photo.PhotoId);

        await index.SaveAsync(photo with { Title = "Meadows" }, default);

        var after = WordHeads(photo.PhotoId);
        Assert.That(before, Has.Count.EqualTo(1));
        Assert.That(after, Has.Count.EqualTo(1));
        Assert.That(after[0], Is.Not.EqualTo(before[0]).And.Not.EqualTo(-1L).And.Not.Zero);
    }

    /// <summary>
    /// A probe reads one word's rows and looks up only those whose heads have the other word's bits: heads of 0 (no
    /// word) keep a photo out of a probed page, which shows the heads are used; -1, the column's default, which a
    /// checkout from before the heads writes, lets every row through to the lookup. A merge never reads them.
    /// </summary>
    [Test]
    public async Task SearchAsync_Probe_SkipsRowsWhoseHeadsLackTheWordAndLooksUpRowsWithoutHeads()
    {
        var index = Open();
        var first = NewPhoto("Harbour meadow") with { Tags = [] };
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = NewPhoto("Harbour meadow") with { Tags = [] };
        await index.SaveManyAsync([first, second], default);
        var probe = SqlitePhotoIndex.Open(DatabasePath, Clock, SearchPlan.PrefixProbe);
        var merge = SqlitePhotoIndex.Open(DatabasePath, Clock, SearchPlan.PrefixMerge);
        async Task<IEnumerable<string>> Found(SqlitePhotoIndex search) =>
            (await search.SearchAsync(SearchQuery.Parse("harbour meadow"), new PageRequest(10, null), default)).Photos.Select(p => p.PhotoId);
        Assert.That(await Found(probe), Is.EqualTo(new[] { second.PhotoId, first.PhotoId }));

        ExecuteOnFile("UPDATE photo_prefixes SET word_heads = 0 WHERE photo_id = $id", ("$id", first.PhotoId));
        Assert.That(await Found(probe), Is.EqualTo(new[] { second.PhotoId }));
        Assert.That(await Found(merge), Is.EqualTo(new[] { second.PhotoId, first.PhotoId }));

        ExecuteOnFile("UPDATE photo_prefixes SET word_heads = -1 WHERE photo_id = $id", ("$id", first.PhotoId));
        Assert.That(await Found(probe), Is.EqualTo(new[] { second.PhotoId, first.PhotoId }));
    }

    [Test]
    public async Task Open_CatalogWithPrefixRowsWithoutWordHeads_AddsThemToEveryRow()
    {
        var photo = NewPhoto("Harbour meadow") with { Tags = [] };
        await Open().SaveAsync(photo, default);
        // As a catalog of the previous version holds it: no word_heads column, user_version 2.
        ExecuteOnFile("ALTER TABLE photo_prefixes DROP COLUMN word_heads; PRAGMA user_version = 2;");
        var rows = PrefixRows(photo.PhotoId);

        var reopened = Open();

        Assert.That(PrefixRows(photo.PhotoId), Is.EqualTo(rows));
        var heads = WordHeads(photo.PhotoId);
        Assert.That(heads, Has.Count.EqualTo(1));
        Assert.That(heads[0], Is.Not.EqualTo(-1L).And.Not.Zero);
        foreach (var plan in new[] { SearchPlan.Chosen, SearchPlan.PrefixProbe, SearchPlan.PrefixMerge })
            Assert.That((await SqlitePhotoIndex.Open(DatabasePath, Clock, plan).SearchAsync(SearchQuery.Parse("meadow harb"), new PageRequest(10, null), default))
                .Photos.Select(p => p.PhotoId), Is.EqualTo(new[] { photo.PhotoId }), plan.ToString());
        Assert.That((await reopened.SearchAsync(SearchQuery.Parse("harbour"), new PageRequest(10, null), default)).Photos, Has.Count.EqualTo(1));
    }

    /// <summary>The refill says what it does before (it may take a minute at 100,000 photos) and when it is done.</summary>
    [Test]
    public async Task Open_OlderCatalog_SaysItMakesTheSearchRowsAndWhenDone()
    {
        var photo = NewPhoto("Photographically") with { Tags = [] };
        await Open().SaveAsync(photo, default);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "PRAGMA user_version = 1;");
        }
        SqliteConnection.ClearAllPools();
        var console = new StringWriter();

        _ = SqlitePhotoIndex.Open(DatabasePath, Clock, console: console);

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.Contain("making the search rows of its 1 photo (once"));
        Assert.That(lines[1], Does.Contain($"Search rows made: {PrefixRows(photo.PhotoId).Count} for 1 photo in"));
    }

    /// <summary>
    /// Another process holds the write lock (another host making these rows takes about a minute per 100,000 photos,
    /// longer than SQLite's 30-second busy timeout): the host says it waits, waits, then fills once the lock is free.
    /// </summary>
    [Test]
    public async Task Open_OlderCatalogWhileAnotherProcessWrites_SaysItWaitsThenFills()
    {
        var photo = NewPhoto("Harbour meadow") with { Tags = [] };
        await Open().SaveAsync(photo, default);
        ExecuteOnFile("ALTER TABLE photo_prefixes DROP COLUMN word_heads; PRAGMA user_version = 2;");
        var console = new StringWriter();
        var synchronized = TextWriter.Synchronized(console);
        using var other = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        other.Open();
        Execute(other, "BEGIN IMMEDIATE");

        var opening = Task.Run(() => SqlitePhotoIndex.Open(DatabasePath, Clock, console: synchronized));
        var waiting = Stopwatch.StartNew();
        string Said()
        {
            lock (synchronized) return console.ToString(); // the synchronized writer locks itself while it writes
        }
        while (!Said().Contains("waiting", StringComparison.Ordinal) && waiting.Elapsed < TimeSpan.FromSeconds(20) && !opening.IsCompleted)
            await Task.Delay(50);
        Assert.That(Said(), Does.Contain("waiting"));
        Assert.That(opening.IsCompleted, Is.False, "opened while another process held the write lock");
        Execute(other, "COMMIT");
        var index = await opening.WaitAsync(TimeSpan.FromSeconds(30));

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0], Does.Contain("Another process is writing this catalog").And.Contain("waiting"));
        Assert.That(lines[1], Does.Contain("making the search rows of its 1 photo"));
        Assert.That(WordHeads(photo.PhotoId).Single(), Is.Not.EqualTo(-1L));
        Assert.That((await index.SearchAsync(SearchQuery.Parse("meadow harb"), new PageRequest(10, null), default)).Photos, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Open_CurrentOrNewCatalog_SaysNothing()
    {
        await Open().SaveAsync(NewPhoto("Harbour"), default);
        var console = new StringWriter();

        _ = SqlitePhotoIndex.Open(DatabasePath, Clock, console: console);
        _ = SqlitePhotoIndex.Open(Path.Combine(Path.GetDirectoryName(DatabasePath)!, "new-catalog.db"), Clock, console: console);

        Assert.That(console.ToString(), Is.Empty);
    }

    [Test]
    public async Task ListAsync_CursorFromElsewhere_InvalidCursor()
    {
        var error = await Assert.ThrowsAsync<GalleryException>(() => Open().ListAsync(new PageRequest(10, "eyJhIjoxfQ"), default));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidCursor));
    }
}
