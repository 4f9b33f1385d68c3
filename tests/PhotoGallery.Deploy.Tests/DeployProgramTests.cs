using System.Diagnostics;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace PhotoGallery.Deploy.Tests;

/// <summary>The CDK app as <c>cdk synth</c> starts it: the real program, without credentials.</summary>
public sealed class DeployProgramTests
{
    [Test]
    public async Task Program_NoCredentials_SynthesizesIntoCdkOutdir()
    {
        var outdir = Path.Combine(DeploySetup.Packages, "program-out");
        // The program's own temp path, to see what it leaves there.
        var temp = Directory.CreateDirectory(Path.Combine(DeploySetup.Packages, "program-temp")).FullName;
        var program = Path.Combine(AppContext.BaseDirectory, "PhotoGallery.Deploy.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{program}\"")
        {
            WorkingDirectory = Path.Combine(DeploySetup.Repository, "lab", "PhotoGallery.Deploy"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CDK_OUTDIR"] = outdir;
        start.Environment["TMPDIR"] = temp;
        start.Environment["PHOTOGALLERY_SKIP_PACKAGE"] = "1";
        start.Environment["PHOTOGALLERY_PACKAGES"] = DeploySetup.Packages;
        start.Environment["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20";
        foreach (var name in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "CDK_DEFAULT_ACCOUNT" }) start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.Zero, await error);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outdir, "manifest.json")))!;
        Assert.That(manifest["artifacts"]!.AsObject().Select(a => a.Key), Does.Contain("PhotoGallery"));
        Assert.That(File.Exists(Path.Combine(outdir, "PhotoGallery.template.json")), Is.True);
        // The CDK's runtime unpacks about 64 MB there in every run and never deletes it (aws/jsii#700): nothing may stay.
        Assert.That(Directory.EnumerateFileSystemEntries(temp, "*", SearchOption.AllDirectories), Is.Empty);
    }
}
