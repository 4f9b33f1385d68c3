using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Adapters.Tests.Support;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local.Catalog;

namespace PhotoGallery.Adapters.Tests.Local;

/// <summary>The catalog contract on SQLite, a new database file per test.</summary>
[TestFixture]
public sealed class SqlitePhotoIndexTests : PhotoIndexContract
{
    private TempDirectory? _folder;

    protected override Task<IPhotoIndex> CreateIndexAsync(TimeProvider clock)
    {
        _folder = new TempDirectory();
        return Task.FromResult<IPhotoIndex>(SqlitePhotoIndex.Open(Path.Combine(_folder.Path, "catalog.db"), clock));
    }

    [TearDown]
    public void DeleteFolder() => _folder?.Dispose();
}
