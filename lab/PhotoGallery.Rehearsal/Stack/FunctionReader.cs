using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// The template's Lambda functions as Lambda would run them, each with its execution role's policies.
/// Functions that only serve CloudFormation custom resources (the CDK's bucket auto-delete and deployment
/// handlers) are left out and noted: the rehearsal creates no custom resources.
/// </summary>
public sealed class FunctionReader(TemplateResources template, IReadOnlyDictionary<string, PhysicalResource> physical, ICollection<string> notes)
{
    private const string FunctionType = "AWS::Lambda::Function";

    public IReadOnlyList<LambdaFunction> ReadAll()
    {
        var providers = CustomResourceProviders();
        var functions = new List<LambdaFunction>();
        foreach (var resource in template.OfType(FunctionType))
        {
            if (providers.TryGetValue(resource.LogicalId, out var customResource))
            {
                notes.Add(customResource.Type == NotificationReader.CustomResourceType
                    ? $"function {resource.LogicalId} is not run: it sets the bucket notifications of {customResource.LogicalId}, which the rehearsal's S3 plays itself."
                    : $"function {resource.LogicalId} is not run: it serves the custom resource {customResource.LogicalId}.");
                continue;
            }
            functions.Add(Read(resource));
        }
        return functions;
    }

    public LambdaFunction Read(TemplateResource resource)
    {
        var identity = physical[resource.LogicalId];
        if (template.OptionalString(resource, "PackageType") == "Image")
            throw new TemplateException($"{resource.Where("PackageType")} is Image: the rehearsal runs zip packages only.");
        var roleArn = template.RequiredString(resource, "Role");
        return new LambdaFunction(
            resource.LogicalId,
            identity.Ref,
            identity.Attributes["Arn"],
            template.RequiredString(resource, "Handler"),
            template.RequiredString(resource, "Runtime"),
            template.Strings(resource, "Architectures") is [var architecture, ..] ? architecture : "x86_64",
            template.OptionalInt(resource, "MemorySize") ?? 128,
            TimeSpan.FromSeconds(template.OptionalInt(resource, "Timeout") ?? 3),
            Environment(resource),
            AssetPath(resource),
            roleArn,
            new RolePolicies(template, physical, notes).Of(roleArn, resource.LogicalId));
    }

    private Dictionary<string, string> Environment(TemplateResource resource)
    {
        var variables = template.Property(resource, "Environment")?["Variables"] as JsonObject ?? [];
        return variables.ToDictionary(v => v.Key, v => v.Value switch
        {
            JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>(),
            JsonValue other => other.ToJsonString(),
            _ => throw new TemplateException($"{resource.Where("Environment.Variables." + v.Key)} is not a text value."),
        }, StringComparer.Ordinal);
    }

    /// <summary>
    /// The folder <c>cdk deploy</c> zips: the CDK's <c>aws:asset:path</c> metadata when the app was run with
    /// asset metadata (the CDK CLI's default), else the cloud assembly's <c>asset.&lt;hash&gt;</c> folder named
    /// by the code's S3 key <c>&lt;hash&gt;.zip</c>.
    /// </summary>
    private static string AssetPath(TemplateResource resource)
    {
        if (resource.Body["Metadata"]?["aws:asset:path"] is JsonValue path) return path.GetValue<string>();
        if (resource.Properties?["Code"]?["S3Key"] is JsonValue key && key.GetValue<string>() is var objectKey
            && objectKey.EndsWith(".zip", StringComparison.Ordinal))
            return "asset." + objectKey[..^4];
        throw new TemplateException(
            $"{resource.Where("Code")}: no CDK asset (neither Metadata aws:asset:path nor an S3Key <hash>.zip), so the rehearsal cannot find the function's package.");
    }

    /// <summary>Functions named by a custom resource's <c>ServiceToken</c>, with that custom resource.</summary>
    private Dictionary<string, TemplateResource> CustomResourceProviders()
    {
        var byArn = physical.Values.Where(p => p.Type == FunctionType)
            .ToDictionary(p => p.Attributes["Arn"], p => p.LogicalId, StringComparer.Ordinal);
        var providers = new Dictionary<string, TemplateResource>(StringComparer.Ordinal);
        foreach (var custom in template.All.Where(IsCustomResource))
        {
            if (custom.Properties?["ServiceToken"] is null) continue;
            if (byArn.TryGetValue(template.RequiredString(custom, "ServiceToken"), out var function))
                providers.TryAdd(function, custom);
        }
        return providers;
    }

    public static bool IsCustomResource(TemplateResource resource) =>
        resource.Type.StartsWith("Custom::", StringComparison.Ordinal) || resource.Type == "AWS::CloudFormation::CustomResource";
}

/// <summary>Every policy of an execution role: <c>AWS::IAM::Policy</c>s naming it, its inline policies, its managed ones.</summary>
public sealed class RolePolicies(TemplateResources template, IReadOnlyDictionary<string, PhysicalResource> physical, ICollection<string> notes)
{
    public IReadOnlyList<NamedPolicy> Of(string roleArn, string functionLogicalId)
    {
        var role = physical.Values.FirstOrDefault(p => p.Type == "AWS::IAM::Role" && p.Attributes["Arn"] == roleArn);
        if (role is null)
        {
            notes.Add($"function {functionLogicalId}: its role {roleArn} is not in the template, so the rehearsal knows none of its permissions.");
            return [];
        }
        var resource = template.Find(role.LogicalId)!;
        var policies = new List<NamedPolicy>();
        var attached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in template.OfType("AWS::IAM::Policy").Concat(template.OfType("AWS::IAM::ManagedPolicy")))
        {
            if (!template.Strings(policy, "Roles").Contains(role.Ref)) continue;
            var name = template.OptionalString(policy, "PolicyName") ?? template.OptionalString(policy, "ManagedPolicyName") ?? policy.LogicalId;
            policies.Add(new NamedPolicy(name, Document(template.Property(policy, "PolicyDocument"), policy.Where("PolicyDocument"))));
            attached.Add(physical[policy.LogicalId].Ref);
        }
        if (template.Property(resource, "Policies") is JsonArray inline)
        {
            for (var i = 0; i < inline.Count; i++)
            {
                var where = resource.Where($"Policies[{i}]");
                var name = inline[i]?["PolicyName"]?.GetValue<string>() ?? throw new TemplateException($"{where}.PolicyName is missing.");
                policies.Add(new NamedPolicy(name, Document(inline[i]?["PolicyDocument"], $"{where}.PolicyDocument")));
            }
        }
        foreach (var arn in template.Strings(resource, "ManagedPolicyArns").Where(arn => !attached.Contains(arn)))
        {
            if (ManagedPolicies.Find(arn) is { } known) policies.Add(known);
            else if (TemplateManagedPolicy(arn) is { } own) policies.Add(own);
            else notes.Add($"role {role.LogicalId}: managed policy {arn} is unknown to the rehearsal; its permissions are not granted.");
        }
        return policies;
    }

    private NamedPolicy? TemplateManagedPolicy(string arn) =>
        template.OfType("AWS::IAM::ManagedPolicy").FirstOrDefault(p => physical[p.LogicalId].Ref == arn) is { } policy
            ? new NamedPolicy(template.OptionalString(policy, "ManagedPolicyName") ?? policy.LogicalId,
                Document(template.Property(policy, "PolicyDocument"), policy.Where("PolicyDocument")))
            : null;

    /// <summary>A policy document: an object, or (as CloudFormation also accepts) its JSON text.</summary>
    private static JsonObject Document(JsonNode? node, string where) => node switch
    {
        JsonObject document => document,
        JsonValue text when text.GetValueKind() == JsonValueKind.String && JsonNode.Parse(text.GetValue<string>()) is JsonObject parsed => parsed,
        _ => throw new TemplateException($"{where} is missing or is not a policy document."),
    };
}
