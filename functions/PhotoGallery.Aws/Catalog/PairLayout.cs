using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Aws.Catalog;

/// <summary>
/// Which photos have their pair items (<see cref="SearchTerms"/>, "Pairs"): one item, <c>LAYOUT</c> / <c>LAYOUT</c>,
/// written once and never changed, so each process reads it once.
/// <list type="bullet">
/// <item>No item: no photo may have pairs yet (a table filled before pairs existed); search reads terms only.</item>
/// <item><c>PairedAfter</c>, a time: the first complete photo saved by code that writes pairs wrote the item with the
/// time then plus <see cref="DeployOverlap"/>. Every photo created after it has its pairs; search reads pairs above it
/// and terms below, so the photos of that first hour are read through terms, exactly, whatever wrote them.</item>
/// <item>No <c>PairedAfter</c>: every photo has its pairs (a bulk load into a table whose gallery was empty).</item>
/// </list>
/// The hour covers the code from before pairs that still completes photos while a deploy replaces the functions (the
/// requests in flight, the functions not replaced yet). Not covered: a photo created after the hour and completed by
/// the earlier code, as after a failed deploy that rolled back to it (or during a deploy longer than the hour); such a
/// photo is missing from searches of two words of three letters or more. Deleting the <c>LAYOUT</c> item and deploying
/// again covers it: the next complete save writes a later time, and search reads terms below it.
/// </summary>
internal sealed class PairLayout(IAmazonDynamoDB dynamo, DynamoDbSettings settings, TimeProvider clock)
{
    private const string PairedAfterAttribute = "PairedAfter";

    /// <summary>How long after its first complete save with pairs a table's photos are still read through terms.</summary>
    public static readonly TimeSpan DeployOverlap = TimeSpan.FromHours(1);

    private Coverage? _coverage;
    private bool _written;

    /// <summary>What the item says: <see cref="PairedAfter"/> a time, or <c>null</c> for every photo.</summary>
    public sealed record Coverage(string? PairedAfter);

    /// <summary>
    /// The coverage, or <c>null</c> when no photo may have pairs yet. Read by a Query (what search may do), once the
    /// item exists only once per process; while it does not, on every call, so the first save is seen at once.
    /// </summary>
    public async Task<Coverage?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_coverage is not null) return _coverage;
        var response = await AwsErrors.MapAsync(() => dynamo.QueryAsync(new QueryRequest
        {
            TableName = settings.Table,
            KeyConditionExpression = "#pk = :layout",
            ExpressionAttributeNames = new() { ["#pk"] = PhotoTable.PartitionKey },
            ExpressionAttributeValues = new() { [":layout"] = PhotoItem.S(PhotoTable.Layout) },
            ConsistentRead = true,
            ReturnConsumedCapacity = DynamoDbPhotoIndex.Measured,
        }, cancellationToken));
        if (response.Items is not [var item, ..]) return null;
        return _coverage = new Coverage(item.TryGetValue(PairedAfterAttribute, out var after) ? after.S : null);
    }

    /// <summary>
    /// Writes the item unless it exists, before this process saves its first pairs: with the time now plus
    /// <see cref="DeployOverlap"/>, or for every photo when <paramref name="everyPhoto"/> says so (a bulk load that
    /// finds no photo saved before it).
    /// </summary>
    public async Task EnsureAsync(Func<CancellationToken, Task<bool>>? everyPhoto, CancellationToken cancellationToken)
    {
        if (_written || _coverage is not null) return;
        var item = new Dictionary<string, AttributeValue>
        {
            [PhotoTable.PartitionKey] = PhotoItem.S(PhotoTable.Layout),
            [PhotoTable.SortKey] = PhotoItem.S(PhotoTable.Layout),
        };
        if (everyPhoto is null || !await everyPhoto(cancellationToken))
            item[PairedAfterAttribute] = PhotoItem.S(Photo.FormatTime(clock.GetUtcNow() + DeployOverlap));
        try
        {
            await AwsErrors.MapAsync(() => dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = settings.Table,
                Item = item,
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = PhotoTable.PartitionKey },
                ReturnConsumedCapacity = DynamoDbPhotoIndex.Measured,
            }, cancellationToken));
        }
        catch (ConditionalCheckFailedException)
        {
            // Written before, by this or another process: it never changes.
        }
        _written = true;
    }
}
