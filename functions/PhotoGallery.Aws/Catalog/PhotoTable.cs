using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// The single table of DESIGN §6: its key names, its one index and its time-to-live attribute. The
/// emulator provisioning and the benchmark create the table from here; the CDK stack must match it.
/// <code>
/// item          PK                 SK                      GSI1PK / GSI1SK
/// photo         PHOTO#&lt;id&gt;        PHOTO                   GALLERY / &lt;createdAt&gt;#&lt;id&gt;  (complete photos only)
/// search term   TERM#&lt;prefix&gt;     &lt;createdAt&gt;#&lt;id&gt;       —   (and Words: see SearchTerms)
/// word pair     PAIR#&lt;head&gt;|&lt;head&gt; &lt;createdAt&gt;#&lt;id&gt;     —   (and Words: see SearchTerms, "Pairs")
/// overflow      OVER#&lt;head&gt;       &lt;createdAt&gt;#&lt;id&gt;       —   (and Words: photos with too many heads to pair)
/// layout        LAYOUT             LAYOUT                  —   (since when every photo has its pairs: see PairLayout)
/// open uploads  UPLOADS#&lt;owner&gt;    UPLOADS                 —   (one per user: see OpenUploadsItem)
/// </code>
/// </summary>
public static class PhotoTable
{
    public const string PartitionKey = "PK";
    public const string SortKey = "SK";
    public const string GalleryIndex = "GSI1";
    public const string GalleryPartitionKey = "GSI1PK";
    public const string GallerySortKey = "GSI1SK";
    public const string Gallery = "GALLERY";
    public const string PhotoSortKey = "PHOTO";
    public const string PhotoPrefix = "PHOTO#";
    public const string TermPrefix = "TERM#";
    public const string PairPrefix = "PAIR#";
    public const string OverflowPrefix = "OVER#";
    public const string UploadsPrefix = "UPLOADS#";
    public const string Layout = "LAYOUT";
    public const string UploadsSortKey = "UPLOADS";

    /// <summary>A term item's copy of its photo's words, which search filters on (see <see cref="SearchTerms"/>).</summary>
    public const string TermWords = "Words";

    /// <summary>Epoch seconds after which DynamoDB may delete the item: set on pending photos and open-upload items only.</summary>
    public const string TimeToLive = "TimeToLive";

    public static string PhotoKey(string photoId) => PhotoPrefix + photoId;

    public static string TermKey(string prefix) => TermPrefix + prefix;

    /// <summary>The partition of the photos that have words starting with both heads, the lower (ordinal) first.</summary>
    public static string PairKey(string head, string otherHead) =>
        string.CompareOrdinal(head, otherHead) < 0 ? $"{PairPrefix}{head}|{otherHead}" : $"{PairPrefix}{otherHead}|{head}";

    public static string OverflowKey(string head) => OverflowPrefix + head;

    public static string UploadsKey(string owner) => UploadsPrefix + owner;

    public static CreateTableRequest CreateRequest(string tableName) => new()
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(PartitionKey, ScalarAttributeType.S),
            new AttributeDefinition(SortKey, ScalarAttributeType.S),
            new AttributeDefinition(GalleryPartitionKey, ScalarAttributeType.S),
            new AttributeDefinition(GallerySortKey, ScalarAttributeType.S),
        ],
        KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH), new KeySchemaElement(SortKey, KeyType.RANGE)],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = GalleryIndex,
                KeySchema = [new KeySchemaElement(GalleryPartitionKey, KeyType.HASH), new KeySchemaElement(GallerySortKey, KeyType.RANGE)],
                // The listing answers from the index alone, without a second read per photo.
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
        ],
    };

    public static UpdateTimeToLiveRequest TimeToLiveRequest(string tableName) => new()
    {
        TableName = tableName,
        TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = TimeToLive, Enabled = true },
    };
}
