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

    private static TemplateReader Reader => new(Json);

    public static JsonObject Resources => Reader.Resources;

    public static IEnumerable<(string Id, JsonObject Properties)> OfType(string type) => Reader.OfType(type);

    public static JsonObject Properties(string logicalId) => Reader.Properties(logicalId);

    public static string Target(JsonNode reference) => TemplateReader.Target(reference);

    /// <summary>The function with this handler (the gallery's run on dotnet10; CDK adds helpers of its own).</summary>
    public static JsonObject FunctionWithHandler(string handler) =>
        OfType("AWS::Lambda::Function").Single(f => f.Properties["Handler"]?.GetValue<string>() == handler).Properties;

    public static IReadOnlyList<string> ActionsOf(string roleId) => Reader.ActionsOf(roleId);

    public static string PathOf(JsonObject method) => Reader.PathOf(method);

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
        // In the process's CDK scratch folder, with what the CDK's runtime unpacks: all of it goes when the tests end
        // (CdkScratchCleanUp); the assets AssetFile reads stay until then.
        return CdkScratch.Run(scratch =>
        {
            var root = Path.Combine(scratch, "stack");
            var packages = Path.Combine(root, "packages");
            foreach (var function in PhotoGallery.Functions.FunctionCatalog.All)
            {
                Directory.CreateDirectory(Path.Combine(packages, function.Project));
                File.WriteAllText(Path.Combine(packages, function.Project, function.Project + ".dll"), "placeholder");
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
        });
    }
}
