using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Aws;

/// <summary>
/// DynamoDB JSON requests (<c>X-Amz-Target: DynamoDB_20120810.&lt;Op&gt;</c>) to <c>dynamodb:&lt;Op&gt;</c> on the
/// tables and indexes the body names, as DynamoDB authorizes them
/// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html).
/// </summary>
internal static class DynamoDbRequestMapper
{
    // Operations on one table named by TableName (Query and Scan on its index when IndexName is given).
    private static readonly HashSet<string> TableOperations =
    [
        "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "DescribeTable", "CreateTable", "DeleteTable",
        "UpdateTable", "DescribeTimeToLive", "UpdateTimeToLive", "DescribeContinuousBackups", "UpdateContinuousBackups",
        "CreateBackup", "DescribeKinesisStreamingDestination", "DescribeTableReplicaAutoScaling",
    ];

    // Operations on a resource named by ResourceArn.
    private static readonly HashSet<string> ArnOperations = ["ListTagsOfResource", "TagResource", "UntagResource"];

    // Operations IAM only grants on "*".
    private static readonly HashSet<string> AccountOperations = ["ListTables", "DescribeLimits", "DescribeEndpoints", "ListBackups", "ListGlobalTables"];

    // What each kind of transaction item is authorized as.
    private static readonly Dictionary<string, string> TransactWriteActions = new(StringComparer.Ordinal)
    {
        ["Put"] = "dynamodb:PutItem",
        ["Update"] = "dynamodb:UpdateItem",
        ["Delete"] = "dynamodb:DeleteItem",
        ["ConditionCheck"] = "dynamodb:ConditionCheckItem",
    };

    public static MappedAwsCall Map(string operation, ReadOnlyMemory<byte> body, string region, string accountId)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body.Span) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            return Refuse(operation, $"its body is not a JSON object ({e.Message})");
        }
        string Table(string name) => name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:dynamodb:{region}:{accountId}:table/{name}";
        var action = "dynamodb:" + operation;

        if (AccountOperations.Contains(operation)) return Known(operation, new IamAuthorization(action, "*"));
        if (TableOperations.Contains(operation))
        {
            if (Text(request, "TableName") is not { } table) return Refuse(operation, "its body names no TableName");
            var index = operation is "Query" or "Scan" ? Text(request, "IndexName") : null;
            return Known(operation, new IamAuthorization(action, index is null ? Table(table) : $"{Table(table)}/index/{index}"));
        }
        if (ArnOperations.Contains(operation))
            return Text(request, "ResourceArn") is { } arn ? Known(operation, new IamAuthorization(action, arn)) : Refuse(operation, "its body names no ResourceArn");
        return operation switch
        {
            "BatchGetItem" or "BatchWriteItem" => request["RequestItems"] is JsonObject { Count: > 0 } items
                ? Known(operation, [.. items.Select(item => new IamAuthorization(action, Table(item.Key)))])
                : Refuse(operation, "its body has no RequestItems"),
            "TransactGetItems" => Transaction(operation, request, item => item["Get"] is JsonObject get ? ("dynamodb:GetItem", Text(get, "TableName")) : null, Table),
            "TransactWriteItems" => Transaction(operation, request, TransactWriteItem, Table),
            _ => Refuse(operation, "the rehearsal does not map this DynamoDB operation to IAM"),
        };
    }

    private static (string Action, string? Table)? TransactWriteItem(JsonObject item) =>
        TransactWriteActions.Where(kind => item[kind.Key] is JsonObject).Select(kind => ((string, string?)?)(kind.Value, Text((JsonObject)item[kind.Key]!, "TableName"))).FirstOrDefault();

    private static MappedAwsCall Transaction(
        string operation, JsonObject request, Func<JsonObject, (string Action, string? Table)?> read, Func<string, string> table)
    {
        if (request["TransactItems"] is not JsonArray { Count: > 0 } items) return Refuse(operation, "its body has no TransactItems");
        var authorizations = new List<IamAuthorization>();
        foreach (var item in items)
        {
            if (item is not JsonObject entry || read(entry) is not ({ } action, { } name))
                return Refuse(operation, $"a TransactItems entry names no operation and TableName: {item?.ToJsonString()}");
            authorizations.Add(new IamAuthorization(action, table(name)));
        }
        return Known(operation, [.. authorizations.Distinct(AuthorizationComparer.Instance)]);
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static MappedAwsCall Known(string operation, params IamAuthorization[] authorizations) =>
        new(AwsRequestMapper.DynamoDb, operation, null, false, IamApplies: true, authorizations);

    private static MappedAwsCall Refuse(string operation, string reason) =>
        AwsRequestMapper.Refuse(AwsRequestMapper.DynamoDb, operation, reason);
}
