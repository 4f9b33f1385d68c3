using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// One user's open uploads as one item (<c>UPLOADS#&lt;owner&gt;</c> / <c>UPLOADS</c>): each pending photo's
/// id with the time its upload closes, and a version. Every change is a read, then a put conditioned on the
/// version read, so two requests racing for the last place cannot both get it (the loser reads again).
/// Places free themselves when their upload closes, even if nobody ever completes the photo, and DynamoDB's
/// TTL removes the item once every upload in it has closed.
/// </summary>
internal static class OpenUploadsItem
{
    private const string Open = "Open";
    private const string Version = "Version";

    public sealed record State(long Version, Dictionary<string, long> ClosesAt)
    {
        /// <summary>The uploads still open at <paramref name="now"/>.</summary>
        public Dictionary<string, long> OpenAt(DateTimeOffset now) =>
            ClosesAt.Where(upload => upload.Value > now.ToUnixTimeSeconds()).ToDictionary(upload => upload.Key, upload => upload.Value, StringComparer.Ordinal);
    }

    public static Dictionary<string, AttributeValue> Key(string owner) => new()
    {
        [PhotoTable.PartitionKey] = PhotoItem.S(PhotoTable.UploadsKey(owner)),
        [PhotoTable.SortKey] = PhotoItem.S(PhotoTable.UploadsSortKey),
    };

    public static State Read(Dictionary<string, AttributeValue>? item) =>
        item is { Count: > 0 }
            ? new State(
                long.Parse(item[Version].N, CultureInfo.InvariantCulture),
                (item.TryGetValue(Open, out var open) ? open.M ?? [] : [])
                    .ToDictionary(upload => upload.Key, upload => long.Parse(upload.Value.N, CultureInfo.InvariantCulture), StringComparer.Ordinal))
            : new State(0, new Dictionary<string, long>(StringComparer.Ordinal));

    /// <summary>Writes <paramref name="open"/> as the next version of <paramref name="read"/>, only if nobody wrote one since.</summary>
    public static PutItemRequest Write(string table, string owner, State read, Dictionary<string, long> open)
    {
        var item = Key(owner);
        item[Version] = N(read.Version + 1);
        item[Open] = new AttributeValue { M = open.ToDictionary(upload => upload.Key, upload => N(upload.Value)) };
        item[PhotoTable.TimeToLive] = N(open.Count == 0 ? 0 : open.Values.Max());
        return new PutItemRequest
        {
            TableName = table,
            Item = item,
            ConditionExpression = read.Version == 0 ? "attribute_not_exists(#pk)" : "#version = :version",
            ExpressionAttributeNames = read.Version == 0
                ? new Dictionary<string, string> { ["#pk"] = PhotoTable.PartitionKey }
                : new Dictionary<string, string> { ["#version"] = Version },
            ExpressionAttributeValues = read.Version == 0 ? null : new Dictionary<string, AttributeValue> { [":version"] = N(read.Version) },
        };
    }

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
