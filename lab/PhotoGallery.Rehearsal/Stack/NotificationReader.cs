using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// The buckets' notifications as S3 would hold them after the deployment: CDK writes them as a
/// <c>Custom::S3BucketNotifications</c> resource (its Python handler calls PutBucketNotificationConfiguration),
/// whose <c>NotificationConfiguration</c> is S3's own document; the rehearsal reads it instead of running the
/// handler. Queue, topic and EventBridge destinations are noted, not rehearsed.
/// </summary>
public sealed class NotificationReader(TemplateResources template, ICollection<string> notes)
{
    public const string CustomResourceType = "Custom::S3BucketNotifications";

    public IReadOnlyList<BucketNotificationModel> ReadAll()
    {
        foreach (var bucket in template.OfType("AWS::S3::Bucket").Where(b => b.Properties?["NotificationConfiguration"] is not null))
            notes.Add($"bucket {bucket.LogicalId}: its own NotificationConfiguration property is not rehearsed (CDK writes notifications as {CustomResourceType}).");
        return [.. template.OfType(CustomResourceType).Select(Read)];
    }

    private BucketNotificationModel Read(TemplateResource resource)
    {
        var bucket = template.RequiredString(resource, "BucketName");
        var configuration = template.Property(resource, "NotificationConfiguration") as JsonObject ?? [];
        foreach (var (kind, _) in configuration.Where(c => c.Key != "LambdaFunctionConfigurations"))
            notes.Add($"bucket {bucket}: its {kind} are not rehearsed (only Lambda destinations are).");
        var lambdas = configuration["LambdaFunctionConfigurations"] as JsonArray ?? [];
        return new BucketNotificationModel(resource.LogicalId, bucket,
            [.. lambdas.Select((c, i) => Lambda(c as JsonObject, resource.Where($"NotificationConfiguration.LambdaFunctionConfigurations[{i}]"), i))]);
    }

    private static LambdaNotification Lambda(JsonObject? configuration, string where, int index)
    {
        if (configuration is null) throw new TemplateException($"{where} is not an object.");
        var arn = configuration["LambdaFunctionArn"] is JsonValue value ? value.GetValue<string>()
            : throw new TemplateException($"{where}.LambdaFunctionArn is missing: S3 needs the function to notify.");
        var events = configuration["Events"] is JsonArray list && list.Count > 0 ? list.Select(e => e!.GetValue<string>()).ToList()
            : throw new TemplateException($"{where}.Events is missing or empty: S3 needs the events to send.");
        var rules = (configuration["Filter"]?["Key"]?["FilterRules"] as JsonArray ?? [])
            .Select(r => (Name: r?["Name"]?.GetValue<string>() ?? "", Value: r?["Value"]?.GetValue<string>() ?? ""))
            .ToList();
        var unknown = rules.FirstOrDefault(r => !r.Name.Equals("prefix", StringComparison.OrdinalIgnoreCase) && !r.Name.Equals("suffix", StringComparison.OrdinalIgnoreCase));
        if (unknown.Name is { Length: > 0 } || rules.Any(r => r.Name.Length == 0))
            throw new TemplateException($"{where}.Filter.Key.FilterRules has a rule named \"{unknown.Name}\": S3 knows only prefix and suffix.");
        return new LambdaNotification(
            configuration["Id"]?.GetValue<string>() ?? $"Notification{index + 1}",
            arn,
            events,
            Rule(rules, "prefix"),
            Rule(rules, "suffix"));
    }

    private static string Rule(List<(string Name, string Value)> rules, string name) =>
        rules.LastOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value ?? "";
}

/// <summary>The template's <c>AWS::Lambda::Permission</c>s that let a principal invoke a function.</summary>
public static class LambdaPermissions
{
    public static IReadOnlyList<InvokeGrant> Read(TemplateResources template, IReadOnlyDictionary<string, PhysicalResource> physical, ICollection<string> notes)
    {
        var grants = new List<InvokeGrant>();
        foreach (var permission in template.OfType("AWS::Lambda::Permission"))
        {
            var action = template.RequiredString(permission, "Action");
            if (action is not ("lambda:InvokeFunction" or "lambda:*"))
            {
                notes.Add($"{permission.LogicalId}: a permission for {action}, not for invoking; the rehearsal ignores it.");
                continue;
            }
            grants.Add(new InvokeGrant(
                FunctionArn(template.RequiredString(permission, "FunctionName"), physical),
                template.RequiredString(permission, "Principal"),
                template.OptionalString(permission, "SourceArn"),
                template.OptionalString(permission, "SourceAccount")));
        }
        return grants;
    }

    /// <summary>A permission's <c>FunctionName</c> may be a name, an ARN or a partial ARN: the ARN.</summary>
    private static string FunctionArn(string functionName, IReadOnlyDictionary<string, PhysicalResource> physical)
    {
        if (functionName.StartsWith("arn:", StringComparison.Ordinal)) return functionName;
        var name = functionName.Contains(":function:", StringComparison.Ordinal) ? functionName.Split(":function:")[1] : functionName;
        return physical.Values.FirstOrDefault(p => p.Type == "AWS::Lambda::Function" && p.Ref == name)?.Attributes["Arn"] ?? functionName;
    }
}
