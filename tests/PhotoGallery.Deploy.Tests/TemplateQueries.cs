using System.Text.Json.Nodes;

namespace PhotoGallery.Deploy.Tests;

/// <summary>Small readers over the synthesized CloudFormation template.</summary>
public static class TemplateQueries
{
    private static TemplateReader Reader => new(DeploySetup.Json);

    public static JsonObject Resources => Reader.Resources;

    public static IEnumerable<(string Id, JsonObject Properties)> OfType(string type) => Reader.OfType(type);

    public static JsonObject Properties(string logicalId) => Reader.Properties(logicalId);

    public static string Target(JsonNode reference) => TemplateReader.Target(reference);

    /// <summary>The gallery's functions: the dotnet10 ones (CDK adds helper functions of its own in Node and Python).</summary>
    public static IEnumerable<(string Id, JsonObject Properties)> GalleryFunctions() =>
        OfType("AWS::Lambda::Function").Where(f => f.Properties["Runtime"] is JsonValue runtime && runtime.GetValue<string>() == "dotnet10");

    public static string PathOf(JsonObject method) => Reader.PathOf(method);

    public static IReadOnlyList<string> ActionsOf(string roleId) => Reader.ActionsOf(roleId);

    public static IReadOnlyList<JsonObject> StatementsOf(string roleId) => Reader.StatementsOf(roleId);

    public static string RoleOf(JsonObject function) => Target(function["Role"]!);
}
