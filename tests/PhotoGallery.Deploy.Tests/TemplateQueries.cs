using System.Text.Json.Nodes;

namespace PhotoGallery.Deploy.Tests;

/// <summary>Small readers over the synthesized CloudFormation template.</summary>
public static class TemplateQueries
{
    public static JsonObject Resources => DeploySetup.Json[nameof(Resources)]!.AsObject();

    public static IEnumerable<(string Id, JsonObject Properties)> OfType(string type) =>
        Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? []));

    public static JsonObject Properties(string logicalId) => Resources[logicalId]!["Properties"]!.AsObject();

    /// <summary>The logical id a <c>{"Ref": id}</c> or <c>{"Fn::GetAtt": [id, …]}</c> points at.</summary>
    public static string Target(JsonNode reference) =>
        reference["Ref"]?.GetValue<string>() ?? reference["Fn::GetAtt"]![0]!.GetValue<string>();

    /// <summary>The seven functions: the dotnet10 ones (CDK adds helper functions of its own in Node and Python).</summary>
    public static IEnumerable<(string Id, JsonObject Properties)> GalleryFunctions() =>
        OfType("AWS::Lambda::Function").Where(f => f.Properties["Runtime"] is JsonValue runtime && runtime.GetValue<string>() == "dotnet10");

    /// <summary>A method's full path, e.g. <c>/photos/{photoId}</c>, following the resources up to the root.</summary>
    public static string PathOf(JsonObject method)
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

    /// <summary>Every IAM action granted to a role, across the policies attached to it.</summary>
    public static IReadOnlyList<string> ActionsOf(string roleId) =>
        OfType("AWS::IAM::Policy")
            .Where(p => p.Properties["Roles"]!.AsArray().Any(r => r!["Ref"]?.GetValue<string>() == roleId))
            .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray())
            .Where(s => s!["Effect"]!.GetValue<string>() == "Allow")
            .SelectMany(s => s!["Action"] is JsonArray many ? many.Select(a => a!.GetValue<string>()) : [s!["Action"]!.GetValue<string>()])
            .ToList();

    public static string RoleOf(JsonObject function) => Target(function["Role"]!);
}
