using System.Globalization;
using Amazon.DynamoDBv2.Model;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Aws.Catalog;

/// <summary>A photo as one DynamoDB item, and back.</summary>
internal static class PhotoItem
{
    private const string Complete = "complete";
    private const string Pending = "pending";

    public static Dictionary<string, AttributeValue> Key(string photoId) => new()
    {
        [PhotoTable.PartitionKey] = S(PhotoTable.PhotoKey(photoId)),
        [PhotoTable.SortKey] = S(PhotoTable.PhotoSortKey),
    };

    public static Dictionary<string, AttributeValue> From(Photo photo)
    {
        var item = Key(photo.PhotoId);
        item["PhotoId"] = S(photo.PhotoId);
        item["Owner"] = S(photo.Owner);
        item["Title"] = S(photo.Title);
        if (photo.Description.Length > 0) item["Description"] = S(photo.Description);
        // A list, not a string set: sets cannot be empty and do not keep the owner's order.
        item["Tags"] = new AttributeValue { L = photo.Tags.Select(S).ToList() };
        item["FileName"] = S(photo.FileName);
        item["ContentType"] = S(photo.ContentType);
        item["Size"] = N(photo.Size);
        if (photo.Width is { } width) item["Width"] = N(width);
        if (photo.Height is { } height) item["Height"] = N(height);
        item["CreatedAt"] = S(photo.CreatedAtText);
        item["Status"] = S(photo.IsVisible ? Complete : Pending);
        item["HasThumbnail"] = new AttributeValue { BOOL = photo.HasThumbnail };
        if (photo.ExpiresAt is { } expires)
        {
            item["ExpiresAt"] = S(Photo.FormatTime(expires));
            // DynamoDB's TTL deletes the item some time after this (within days); reads check ExpiresAt themselves.
            if (!photo.IsVisible) item[PhotoTable.TimeToLive] = N(expires.ToUnixTimeSeconds());
        }
        if (photo.IsVisible)
        {
            // Only complete photos enter the listing index (a sparse index): pending ones are never listed.
            item[PhotoTable.GalleryPartitionKey] = S(PhotoTable.Gallery);
            item[PhotoTable.GallerySortKey] = S(SearchTerms.SortKeyOf(photo));
        }
        return item;
    }

    public static Photo ToPhoto(Dictionary<string, AttributeValue> item) => new()
    {
        PhotoId = item["PhotoId"].S,
        Owner = item["Owner"].S,
        Title = item["Title"].S,
        Description = item.TryGetValue("Description", out var description) ? description.S : "",
        Tags = item.TryGetValue("Tags", out var tags) && tags.L is { } list ? list.Select(tag => tag.S).ToList() : [],
        FileName = item["FileName"].S,
        ContentType = item["ContentType"].S,
        Size = long.Parse(item["Size"].N, CultureInfo.InvariantCulture),
        Width = OptionalInt(item, "Width"),
        Height = OptionalInt(item, "Height"),
        CreatedAt = ParseTime(item["CreatedAt"].S),
        Status = item["Status"].S == Complete ? PhotoStatus.Complete : PhotoStatus.Pending,
        HasThumbnail = item.TryGetValue("HasThumbnail", out var thumbnail) && thumbnail.BOOL == true,
        ExpiresAt = item.TryGetValue("ExpiresAt", out var expires) ? ParseTime(expires.S) : null,
    };

    private static int? OptionalInt(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? int.Parse(value.N, CultureInfo.InvariantCulture) : null;

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
