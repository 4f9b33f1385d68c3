using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Core.Ports;

/// <summary>The photo catalog and its search (DynamoDB on AWS, SQLite locally).</summary>
public interface IPhotoIndex
{
    /// <summary>
    /// Inserts or replaces a photo. A pending photo is stored but never listed or found by search; a
    /// complete one is listed and searchable. Saving the same photo twice is harmless (retry-safe).
    /// </summary>
    Task SaveAsync(Photo photo, CancellationToken cancellationToken);

    /// <summary>The photo with this id in any status, or <c>null</c> (also for an expired pending photo).</summary>
    Task<Photo?> FindAsync(string photoId, CancellationToken cancellationToken);

    /// <summary>Complete photos, newest first. Throws <c>InvalidCursor</c> for a cursor it did not issue.</summary>
    Task<PhotoPage> ListAsync(PageRequest page, CancellationToken cancellationToken);

    /// <summary>Complete photos matching every query word (<see cref="SearchQuery.Matches"/>), newest first.</summary>
    Task<PhotoPage> SearchAsync(SearchQuery query, PageRequest page, CancellationToken cancellationToken);
}

public sealed record PageRequest(int Limit, string? Cursor);

public sealed record PhotoPage(IReadOnlyList<Photo> Photos, string? NextCursor);
