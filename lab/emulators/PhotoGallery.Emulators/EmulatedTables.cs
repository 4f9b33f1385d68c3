using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PhotoGallery.Aws.Catalog;

namespace PhotoGallery.Emulators;

/// <summary>The photo table on an emulator of DynamoDB (dynalite or DynamoDB Local), created as the stack creates it.</summary>
public static class EmulatedTables
{
    /// <summary>
    /// Creates the table of <see cref="PhotoTable"/> and waits until it is active; returns whether time-to-live could be
    /// switched on.
    /// </summary>
    public static async Task<bool> CreateAsync(DynamoDbSettings settings, CancellationToken cancellationToken)
    {
        using var dynamo = DynamoDbPhotoIndex.CreateClient(settings);
        await dynamo.CreateTableAsync(PhotoTable.CreateRequest(settings.Table), cancellationToken);
        await WaitUntilActiveAsync(dynamo, settings.Table, cancellationToken);
        try
        {
            await dynamo.UpdateTimeToLiveAsync(PhotoTable.TimeToLiveRequest(settings.Table), cancellationToken);
            return true;
        }
        catch (AmazonDynamoDBException e) when (e.ErrorCode == "UnknownOperationException")
        {
            // dynalite has no TTL: pending items keep their TimeToLive attribute, and reads honour ExpiresAt.
            return false;
        }
    }

    /// <summary>
    /// dynalite answers CreateTable while the table is still CREATING (for a moment even with --createTableMs 0, longer
    /// on a busy machine), and a Query of a table that is not active yet is refused with ResourceNotFoundException.
    /// </summary>
    public static async Task WaitUntilActiveAsync(IAmazonDynamoDB dynamo, string table, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var description = (await dynamo.DescribeTableAsync(table, cancellationToken)).Table;
            if (description.TableStatus == TableStatus.ACTIVE &&
                (description.GlobalSecondaryIndexes ?? []).All(index => index.IndexStatus == IndexStatus.ACTIVE)) return;
            if (attempt >= 200) throw new InvalidOperationException($"Table {table} is still {description.TableStatus} after 10 s on the emulator.");
            await Task.Delay(50, cancellationToken);
        }
    }
}
