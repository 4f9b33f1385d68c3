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

    /// <summary>
    /// Saves a new pending photo unless its owner already has <see cref="OpenUploads.Limit"/> uploads open
    /// (pending photos made within <see cref="OpenUploads.Lifetime"/>, their upload URL's lifetime, and
    /// not completed since). Returns <c>false</c>, saving nothing, when they do. Concurrency-safe: requests
    /// racing for the last place cannot both get it. Completing the photo (saving it complete) frees its place.
    /// </summary>
    Task<bool> TryAddPendingAsync(Photo photo, OpenUploads openUploads, CancellationToken cancellationToken);

    /// <summary>The photo with this id in any status, or <c>null</c> (also for an expired pending photo).</summary>
    Task<Photo?> FindAsync(string photoId, CancellationToken cancellationToken);

    /// <summary>
    /// Records what became of a photo's images: the variants and the real (upright) width and height, or
    /// why they could not be made. Returns <c>false</c>, changing nothing, while the photo is not complete
    /// yet (its original can be stored a moment before its completion is saved): the caller tries again.
    /// Recording the same outcome twice is harmless.
    /// </summary>
    Task<bool> RecordImagesAsync(string photoId, ImagesOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Complete photos, newest first. Throws <c>InvalidCursor</c> for a cursor it did not issue.</summary>
    Task<PhotoPage> ListAsync(PageRequest page, CancellationToken cancellationToken);

    /// <summary>Complete photos matching every query word (<see cref="SearchQuery.Matches"/>), newest first.</summary>
    Task<PhotoPage> SearchAsync(SearchQuery query, PageRequest page, CancellationToken cancellationToken);
}

public sealed record PageRequest(int Limit, string? Cursor);

/// <summary>What processphoto made of an original: variants and size, or a reason.</summary>
public sealed record ImagesOutcome(ImageState State, PhotoVariants? Variants, int? Width, int? Height, string? Problem)
{
    public static ImagesOutcome Ready(PhotoVariants variants, int width, int height) => new(ImageState.Ready, variants, width, height, null);

    public static ImagesOutcome Failed(string problem) => new(ImageState.Failed, null, null, null, problem);
}

public sealed record PhotoPage(IReadOnlyList<Photo> Photos, string? NextCursor);
