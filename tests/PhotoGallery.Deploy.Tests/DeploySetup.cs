using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using NUnit.Framework;
using PhotoGallery.Deploy;

[assembly: Parallelizable(ParallelScope.Fixtures)]

namespace PhotoGallery.Deploy.Tests;

/// <summary>
/// Publishes every function's package once (as the deploy path does: linux-x64, ReadyToRun) and synthesizes
/// the stack once, in-process and without credentials; every test reads the same template.
/// </summary>
[SetUpFixture]
public sealed class DeploySetup
{
    private readonly TempDirectory _packages = new();

    public static string Repository { get; private set; } = "";
    public static string Packages { get; private set; } = "";
    public static Template Template { get; private set; } = null!;
    public static JsonObject Json { get; private set; } = null!;

    [OneTimeSetUp]
    public void PublishAndSynthesize()
    {
        // CDK's runtime is Node; it warns loudly about Node 20 on every start.
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");
        Repository = FunctionPackages.RepositoryRoot(AppContext.BaseDirectory);
        Packages = _packages.Path;
        FunctionPackages.Publish(Repository, Packages, TestContext.Progress);

        // What the CDK's runtime unpacks (64 MB) goes at the teardown.
        (Template, Json) = CdkScratch.Run(_ =>
        {
            var app = new App(new AppProps { Outdir = Path.Combine(Packages, "cdk.out") });
            var stack = new PhotoGalleryStack(app, "PhotoGalleryTest", new PhotoGalleryStackProps
            {
                PackagesDirectory = Packages,
                FrontendDirectory = Path.Combine(Repository, "frontend"),
            });
            var template = Template.FromStack(stack);
            var assembly = app.Synth();
            return (template, JsonNode.Parse(File.ReadAllText(Path.Combine(assembly.Directory, stack.TemplateFile)))!.AsObject());
        });
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        CdkScratch.Delete();
        _packages.Dispose();
    }
}
