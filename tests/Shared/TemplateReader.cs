using System.Text.Json.Nodes;

namespace PhotoGallery.Testing;

/// <summary>
/// Small readers over a synthesized CloudFormation template, shared (as a linked source file) by the
/// deploy tests and the docs tests, which both check what the CDK stack declares.
/// </summary>
public sealed class TemplateReader(JsonObject template)
{
    public JsonObject Resources => template[nameof(Resources)]!.AsObject();

    public IEnumerable<(string Id, JsonObject Properties)> OfType(string type) =>
        Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? []));

    public JsonObject Properties(string logicalId) => Resources[logicalId]!["Properties"]!.AsObject();

    /// <summary>The logical id a <c>{"Ref": id}</c> or <c>{"Fn::GetAtt": [id, …]}</c> points at.</summary>
    public static string Target(JsonNode reference) =>
        reference["Ref"]?.GetValue<string>() ?? reference["Fn::GetAtt"]![0]!.GetValue<string>();

    /// <summary>
    /// A string of the template (text, or an <c>Fn::Join</c> of texts and the region and URL-suffix pseudo
    /// parameters) as CloudFormation resolves it in <paramref name="region"/>; anything else fails the test.
    /// </summary>
    public static string Text(JsonNode value, string region, string urlSuffix = "amazonaws.com") => value switch
    {
        JsonValue text => text.GetValue<string>(),
        JsonObject join when join["Fn::Join"] is JsonArray parts =>
            string.Join(parts[0]!.GetValue<string>(), parts[1]!.AsArray().Select(part => Text(part!, region, urlSuffix))),
        JsonObject reference when reference["Ref"]?.GetValue<string>() == "AWS::Region" => region,
        JsonObject reference when reference["Ref"]?.GetValue<string>() == "AWS::URLSuffix" => urlSuffix,
        _ => throw new NUnit.Framework.AssertionException($"Not a text of the region alone: {value.ToJsonString()}"),
    };

    /// <summary>A method's full path, e.g. <c>/photos/{photoId}</c>, following the resources up to the root.</summary>
    public string PathOf(JsonObject method)
    {
        var segments = new List<string>();
        var resource = method["ResourceId"]!;
        while (resource["Ref"] is not null)
        {
            var properties = Properties(Target(resource));
            segments.Insert(0, properties["PathPart"]!.GetValue<string>());
            resource = properties["ParentId"]!;
        }
        return "/" + string.Join('/', segments);
    }

    /// <summary>Every statement of the policies attached to a role.</summary>
    public IReadOnlyList<JsonObject> StatementsOf(string roleId) =>
        OfType("AWS::IAM::Policy")
            .Where(p => p.Properties["Roles"]!.AsArray().Any(r => r!["Ref"]?.GetValue<string>() == roleId))
            .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(s => s!.AsObject())
            .ToList();

    /// <summary>Every IAM action allowed to a role, across the policies attached to it.</summary>
    public IReadOnlyList<string> ActionsOf(string roleId) =>
        StatementsOf(roleId)
            .Where(s => s["Effect"]!.GetValue<string>() == "Allow")
            .SelectMany(ActionsIn)
            .ToList();

    /// <summary>A statement's actions, whether written as one string or a list.</summary>
    public static IEnumerable<string> ActionsIn(JsonObject statement) =>
        statement["Action"] is JsonArray many ? many.Select(a => a!.GetValue<string>()) : [statement["Action"]!.GetValue<string>()];
}
