using PhotoGallery.Core.Photos;

namespace PhotoGallery.Adapters.Tests.Support;

/// <summary>Photo records for catalog tests.</summary>
public static class Photos
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public static Photo Complete(string title, string description = "", string owner = "alice", string[]? tags = null,
        DateTimeOffset? createdAt = null)
    {
        var created = createdAt ?? Epoch;
        var id = PhotoId.New(created);
        return new Photo
        {
            PhotoId = id,
            Owner = owner,
            Title = title,
            Description = description,
            Tags = tags ?? [],
            FileName = "photo.png",
            ContentType = ImageTypes.Png,
            Size = 1234,
            Width = 4,
            Height = 3,
            CreatedAt = created,
            Status = PhotoStatus.Complete,
            ImageState = ImageState.Ready,
            Variants = new PhotoVariants(PhotoKeys.Thumbnail(id), PhotoKeys.Display(id)),
        };
    }

    /// <summary>A complete photo whose images are still being made, at the size its header declared.</summary>
    public static Photo Processing(string title, string description = "", DateTimeOffset? createdAt = null) =>
        Complete(title, description, createdAt: createdAt) with { ImageState = ImageState.Processing, Variants = null, Width = 4000, Height = 3000 };

    public static Photo Pending(string title, DateTimeOffset expiresAt, DateTimeOffset? createdAt = null) =>
        Complete(title, createdAt: createdAt) with { Status = PhotoStatus.Pending, Width = null, Height = null, ImageState = ImageState.Processing, Variants = null, ExpiresAt = expiresAt };
}
