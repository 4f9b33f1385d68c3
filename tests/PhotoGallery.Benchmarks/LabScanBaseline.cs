using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PhotoGallery.Core.Photos;
using PhotoGallery.Emulators;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// The original lab's search, rebuilt as the baseline: a table of photo items keyed by id, searched by a Scan
/// with <c>contains</c> filters on title, description and tags, following LastEvaluatedKey to the end (the lab
/// stopped at the first 1 MB page, which also made it wrong; reading it all is the fair, correct version).
/// </summary>
public sealed class LabScanBaseline(IAmazonDynamoDB dynamo, string table)
{
    public async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("PhotoID", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("PhotoID", KeyType.HASH)],
        }, cancellationToken);
        await EmulatedTables.WaitUntilActiveAsync(dynamo, table, cancellationToken);
    }

    public static WriteRequest Item(Photo photo) => new(new PutRequest(new Dictionary<string, AttributeValue>
    {
        ["PhotoID"] = new(photo.PhotoId),
        ["Title"] = new(photo.Title),
        ["Description"] = new(photo.Description.Length > 0 ? photo.Description : " "),
        ["Tags"] = new(string.Join(", ", photo.Tags)),
        ["Username"] = new(photo.Owner),
        ["CreationTime"] = new(photo.CreatedAtText),
        ["Size"] = new() { N = photo.Size.ToString(CultureInfo.InvariantCulture) },
    }));

    /// <summary>Every photo whose title, description or tags contain each word; with items scanned and capacity used.</summary>
    public async Task<(int Found, int Scanned, double Capacity)> SearchAsync(IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>();
        var conditions = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            values[$":w{i}"] = new AttributeValue(words[i]);
            conditions.Add($"(contains(Title, :w{i}) OR contains(Description, :w{i}) OR contains(Tags, :w{i}))");
        }
        int found = 0, scanned = 0;
        double capacity = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.ScanAsync(new ScanRequest
            {
                TableName = table,
                FilterExpression = string.Join(" AND ", conditions),
                ExpressionAttributeValues = values,
                ExclusiveStartKey = start,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken);
            found += response.Count ?? 0;
            scanned += response.ScannedCount ?? 0;
            capacity += response.ConsumedCapacity?.CapacityUnits ?? 0;
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        } while (start is not null);
        return (found, scanned, capacity);
    }
}
