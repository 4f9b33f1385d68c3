using System.Globalization;
using Amazon.DynamoDBv2.Model;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

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
        item["ImageState"] = S(StateText(photo.ImageState));
        if (photo.Variants is { } variants)
        {
            item["ThumbnailKey"] = S(variants.ThumbnailKey);
            item["DisplayKey"] = S(variants.DisplayKey);
        }
        if (photo.ImageProblem is { } problem) item["ImageProblem"] = S(problem);
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
        ImageState = item.TryGetValue("ImageState", out var state) ? Enum.Parse<ImageState>(state.S, ignoreCase: true) : ImageState.Processing,
        Variants = item.TryGetValue("ThumbnailKey", out var thumbnail) && item.TryGetValue("DisplayKey", out var display)
            ? new PhotoVariants(thumbnail.S, display.S)
            : null,
        ImageProblem = item.TryGetValue("ImageProblem", out var problem) ? problem.S : null,
        ExpiresAt = item.TryGetValue("ExpiresAt", out var expires) ? ParseTime(expires.S) : null,
    };

    private static int? OptionalInt(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? int.Parse(value.N, CultureInfo.InvariantCulture) : null;

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string StateText(ImageState state) => state.ToString().ToLowerInvariant();

    /// <summary>The update that records processphoto's outcome, only on a complete photo (else DynamoDB refuses it).</summary>
    public static UpdateItemRequest RecordImages(string table, string photoId, ImagesOutcome outcome)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":state"] = S(StateText(outcome.State)),
            [":complete"] = S(Complete),
        };
        string expression;
        if (outcome is { State: ImageState.Ready, Variants: { } variants })
        {
            values[":thumbnail"] = S(variants.ThumbnailKey);
            values[":display"] = S(variants.DisplayKey);
            values[":width"] = N(outcome.Width ?? 0);
            values[":height"] = N(outcome.Height ?? 0);
            expression = "SET ImageState = :state, ThumbnailKey = :thumbnail, DisplayKey = :display, Width = :width, Height = :height REMOVE ImageProblem";
        }
        else
        {
            values[":problem"] = S(outcome.Problem ?? "The image could not be made.");
            expression = "SET ImageState = :state, ImageProblem = :problem REMOVE ThumbnailKey, DisplayKey";
        }
        return new UpdateItemRequest
        {
            TableName = table,
            Key = Key(photoId),
            UpdateExpression = expression,
            ConditionExpression = "#status = :complete",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "Status" },
            ExpressionAttributeValues = values,
            ReturnConsumedCapacity = DynamoDbPhotoIndex.Measured,
        };
    }

    public static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
