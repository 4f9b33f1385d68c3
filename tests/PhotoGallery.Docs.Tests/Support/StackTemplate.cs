using System.Text.Json.Nodes;
using Amazon.CDK;
using PhotoGallery.Deploy;

namespace PhotoGallery.Docs.Tests.Support;

/// <summary>
/// The CDK stack, synthesized once in-process without credentials (as the deploy tests do), over
/// placeholder packages: the docs are checked against what it declares, not against the package contents.
/// </summary>
public static class StackTemplate
{
    private static readonly Lazy<(JsonObject Template, string OutputDirectory)> Synthesized = new(Synthesize);

    public static JsonObject Json => Synthesized.Value.Template;

    public static JsonObject Resources => Json[nameof(Resources)]!.AsObject();

    public static IEnumerable<(string Id, JsonObject Properties)> OfType(string type) =>
        Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? []));

    public static JsonObject Properties(string logicalId) => Resources[logicalId]!["Properties"]!.AsObject();

    public static string Target(JsonNode reference) =>
        reference["Ref"]?.GetValue<string>() ?? reference["Fn::GetAtt"]![0]!.GetValue<string>();

    /// <summary>The function with this handler (the seven run on dotnet10; CDK adds helpers of its own).</summary>
    public static JsonObject FunctionWithHandler(string handler) =>
        OfType("AWS::Lambda::Function").Single(f => f.Properties["Handler"]?.GetValue<string>() == handler).Properties;

    /// <summary>Every IAM action allowed to a role, across the policies attached to it.</summary>
    public static IReadOnlyList<string> ActionsOf(string roleId) =>
        OfType("AWS::IAM::Policy")
            .Where(p => p.Properties["Roles"]!.AsArray().Any(r => r!["Ref"]?.GetValue<string>() == roleId))
            .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray())
            .Where(s => s!["Effect"]!.GetValue<string>() == "Allow")
            .SelectMany(s => s!["Action"] is JsonArray many ? many.Select(a => a!.GetValue<string>()) : [s!["Action"]!.GetValue<string>()])
            .ToList();

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

    /// <summary>The text of a file the stack deploys from an asset folder (e.g. the site's <c>config.js</c>), if any.</summary>
    public static string? AssetFile(string name) =>
        Directory.EnumerateDirectories(Synthesized.Value.OutputDirectory, "asset.*")
            .Select(folder => Path.Combine(folder, name))
            .Where(File.Exists)
            .Select(File.ReadAllText)
            .FirstOrDefault();

    private static (JsonObject, string) Synthesize()
    {
        // CDK's runtime is Node; it warns loudly about Node 20 on every start.
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");
        var root = Path.Combine(Path.GetTempPath(), "photogallery-docs-tests", "stack-" + Guid.NewGuid().ToString("N"));
        var packages = Path.Combine(root, "packages");
        foreach (var route in PhotoGallery.Core.Routing.RouteTable.All)
        {
            Directory.CreateDirectory(Path.Combine(packages, route.Project));
            File.WriteAllText(Path.Combine(packages, route.Project, route.Project + ".dll"), "placeholder");
        }
        var app = new App(new AppProps { Outdir = Path.Combine(root, "cdk.out") });
        var stack = new PhotoGalleryStack(app, "PhotoGalleryDocs", new PhotoGalleryStackProps
        {
            PackagesDirectory = packages,
            FrontendDirectory = Path.Combine(Repository.Root, "frontend"),
        });
        var assembly = app.Synth();
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(assembly.Directory, stack.TemplateFile)))!.AsObject();
        return (template, assembly.Directory);
    }
}
