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

    [Test]
    public async Task ListAsync_CursorFromElsewhere_InvalidCursor()
    {
        var error = await Assert.ThrowsAsync<GalleryException>(() => Open().ListAsync(new PageRequest(10, "eyJhIjoxfQ"), default));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidCursor));
    }
}
