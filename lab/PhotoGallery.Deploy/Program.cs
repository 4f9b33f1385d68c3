using Amazon.CDK;
using PhotoGallery.Deploy;

// The CDK app. From lab/PhotoGallery.Deploy: `npx cdk deploy` (it runs this), or `dotnet run` to only
// synthesize. Every run packages the functions first; set PHOTOGALLERY_SKIP_PACKAGE=1 to reuse the
// packages already in artifacts/lambda (tests do).
var repository = FunctionPackages.RepositoryRoot();
var packages = System.Environment.GetEnvironmentVariable("PHOTOGALLERY_PACKAGES") ?? FunctionPackages.DefaultDirectory(repository);
if (System.Environment.GetEnvironmentVariable("PHOTOGALLERY_SKIP_PACKAGE") == "1") FunctionPackages.Verify(packages);
else FunctionPackages.Publish(repository, packages, Console.Error);

var outdir = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") ?? Path.Combine(Directory.GetCurrentDirectory(), "cdk.out");
// What the CDK's runtime unpacks goes with the process, also when synthesis fails (an unhandled exception would
// skip the process-exit handler); the packages' builds above keep the usual temp path.
try
{
    var (stackName, directory) = CdkScratch.Run(_ =>
    {
        var app = new App(new AppProps { Outdir = outdir });
        var name = app.Node.TryGetContext("stackName") as string ?? "PhotoGallery";
        new PhotoGalleryStack(app, name, new PhotoGalleryStackProps
        {
            PackagesDirectory = packages,
            FrontendDirectory = Path.Combine(repository, "frontend"),
            Description = "PhotoGallery course lab: eight Lambda functions (seven behind API Gateway, one on S3 events), S3, DynamoDB, Cognito, CloudFront",
            // Environment-agnostic unless the CDK CLI knows the account: synthesis needs no credentials.
            Env = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT") is { } account
                ? new Amazon.CDK.Environment { Account = account, Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION") }
                : null,
        });
        return (name, app.Synth().Directory);
    });
    Console.Error.WriteLine($"Synthesized stack {stackName} into {directory}");
    return 0;
}
catch (Exception error)
{
    Console.Error.WriteLine($"Synthesis failed: {error}");
    return 1;
}
finally
{
    CdkScratch.Delete();
}
