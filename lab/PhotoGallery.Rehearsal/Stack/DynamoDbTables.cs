using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Core.Errors;
using PhotoGallery.Emulators;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>An <c>AWS::DynamoDB::Table</c> created on dynalite from the template's own key schema and indexes.</summary>
public static class DynamoDbTables
{
    /// <summary>The properties CreateTable reads; everything else of the resource does not shape the table.</summary>
    public static readonly IReadOnlyList<string> Properties =
    [
        "TableName", "KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes", "LocalSecondaryIndexes",
        "BillingMode", "ProvisionedThroughput", "StreamSpecification", "TimeToLiveSpecification",
    ];

    /// <returns>A note when the emulator could not do what the template asks (dynalite has no time-to-live).</returns>
    public static async Task<string?> CreateAsync(EmulatorSet emulators, CreateTableRequest table, JsonObject? timeToLive,
        CancellationToken cancellationToken)
    {
        using var dynamo = DynamoDbPhotoIndex.CreateClient(emulators.DynamoDbSettings(table.TableName));
        await dynamo.CreateTableAsync(table, cancellationToken);
        if (timeToLive?["Enabled"]?.ToString() is not ("true" or "True")) return null;
        var attribute = timeToLive["AttributeName"]?.GetValue<string>()
            ?? throw new TemplateException($"TimeToLiveSpecification of table {table.TableName} has no AttributeName.");
        try
        {
            await dynamo.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = table.TableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
            }, cancellationToken);
            return null;
        }
        catch (AmazonDynamoDBException e) when (e.ErrorCode == "UnknownOperationException")
        {
            return $"table {table.TableName}: time-to-live on {attribute} is not applied (dynalite has no UpdateTimeToLive); expired items stay until the code ignores them.";
        }
    }

    /// <summary>CreateTable's request from the (resolved) template properties: the names are the API's own.</summary>
    public static CreateTableRequest CreateRequest(string tableName, JsonObject properties, string where)
    {
        var billing = properties["BillingMode"]?.GetValue<string>() ?? "PROVISIONED";
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = new BillingMode(billing),
            KeySchema = KeySchema(properties["KeySchema"], $"{where}.KeySchema"),
            AttributeDefinitions = [.. Objects(properties["AttributeDefinitions"], $"{where}.AttributeDefinitions")
                .Select(d => new AttributeDefinition(Text(d, "AttributeName", where), new ScalarAttributeType(Text(d, "AttributeType", where))))],
            ProvisionedThroughput = Throughput(properties["ProvisionedThroughput"]),
        };
        if (properties["GlobalSecondaryIndexes"] is { } globals)
        {
            request.GlobalSecondaryIndexes = [.. Objects(globals, $"{where}.GlobalSecondaryIndexes").Select((index, i) => new GlobalSecondaryIndex
            {
                IndexName = Text(index, "IndexName", where),
                KeySchema = KeySchema(index["KeySchema"], $"{where}.GlobalSecondaryIndexes[{i}].KeySchema"),
                Projection = Projection(index["Projection"]),
                ProvisionedThroughput = Throughput(index["ProvisionedThroughput"]),
            })];
        }
        if (properties["LocalSecondaryIndexes"] is { } locals)
        {
            request.LocalSecondaryIndexes = [.. Objects(locals, $"{where}.LocalSecondaryIndexes").Select((index, i) => new LocalSecondaryIndex
            {
                IndexName = Text(index, "IndexName", where),
                KeySchema = KeySchema(index["KeySchema"], $"{where}.LocalSecondaryIndexes[{i}].KeySchema"),
                Projection = Projection(index["Projection"]),
            })];
        }
        if (properties["StreamSpecification"]?["StreamViewType"] is { } view)
        {
            // CloudFormation's StreamSpecification has only the view type; the API also wants it switched on.
            request.StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = new StreamViewType(view.GetValue<string>()) };
        }
        return request;
    }

    private static List<KeySchemaElement> KeySchema(JsonNode? node, string where) =>
        [.. Objects(node, where).Select(k => new KeySchemaElement(Text(k, "AttributeName", where), new KeyType(Text(k, "KeyType", where))))];

    private static Projection Projection(JsonNode? node) => new()
    {
        ProjectionType = new ProjectionType(node?["ProjectionType"]?.GetValue<string>() ?? "ALL"),
        NonKeyAttributes = node?["NonKeyAttributes"] is JsonArray names ? [.. names.Select(n => n!.GetValue<string>())] : null,
    };

    private static ProvisionedThroughput? Throughput(JsonNode? node) => node is null ? null : new ProvisionedThroughput
    {
        ReadCapacityUnits = long.Parse(node["ReadCapacityUnits"]?.ToString() ?? "1", CultureInfo.InvariantCulture),
        WriteCapacityUnits = long.Parse(node["WriteCapacityUnits"]?.ToString() ?? "1", CultureInfo.InvariantCulture),
    };

    private static IEnumerable<JsonObject> Objects(JsonNode? node, string where) => node is JsonArray items
        ? items.Select((item, i) => item as JsonObject ?? throw new TemplateException($"{where}[{i}] is not an object."))
        : throw new TemplateException($"{where} is missing or not a list: a table needs it.");

    private static string Text(JsonObject node, string name, string where) =>
        node[name]?.GetValue<string>() ?? throw new TemplateException($"{where}: an entry has no {name}.");
}
