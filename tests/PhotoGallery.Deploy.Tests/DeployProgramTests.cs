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
        var run = await RunProgramAsync("synthesized");

        Assert.That(run.Exit, Is.Zero, run.Error);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(run.Outdir, "manifest.json")))!;
        Assert.That(manifest["artifacts"]!.AsObject().Select(a => a.Key), Does.Contain("PhotoGallery"));
        Assert.That(File.Exists(Path.Combine(run.Outdir, "PhotoGallery.template.json")), Is.True);
        // The CDK's runtime unpacks about 64 MB into the temp path in every run and never deletes it (aws/jsii#700).
        Assert.That(Directory.EnumerateFileSystemEntries(run.Temp, "*", SearchOption.AllDirectories), Is.Empty);
    }

    /// <summary>A synthesis that fails (here a stack name CloudFormation refuses) says so, exits 1, and leaves no temp files either.</summary>
    [Test]
    public async Task Program_SynthesisFails_ExitsOneAndLeavesNoTempFiles()
    {
        var run = await RunProgramAsync("failed", ("CDK_CONTEXT_JSON", """{"stackName":"not a stack name!"}"""));

        Assert.That(run.Exit, Is.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.Contain("Synthesis failed:").And.Contain("not a stack name!"));
        Assert.That(Directory.EnumerateFileSystemEntries(run.Temp, "*", SearchOption.AllDirectories), Is.Empty);
    }

    private sealed record ProgramRun(int Exit, string Error, string Outdir, string Temp);

    private static async Task<ProgramRun> RunProgramAsync(string name, params (string Name, string Value)[] environment)
    {
        var outdir = Path.Combine(DeploySetup.Packages, $"program-out-{name}");
        // The program's own temp path, to see what it leaves there.
        var temp = Directory.CreateDirectory(Path.Combine(DeploySetup.Packages, $"program-temp-{name}")).FullName;
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
        foreach (var variable in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "CDK_DEFAULT_ACCOUNT" }) start.Environment.Remove(variable);
        foreach (var (variable, value) in environment) start.Environment[variable] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ProgramRun(process.ExitCode, await error, outdir, temp);
    }
}
