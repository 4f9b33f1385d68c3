using System.Diagnostics;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

/// <summary>
/// Function packages for the tests that start processes, published once per test run into a temp folder
/// (in parallel, on first use): GetPhotos with the guide's command, and TestFunctions.
/// </summary>
public sealed record LambdaPackages(string GetPhotos, string TestFunctions)
{
    public const string GetPhotosHandler = "GetPhotos::PhotoGallery.Functions.GetPhotos.Function::HandleAsync";

    public static readonly string Root = Path.Combine(Path.GetTempPath(), $"rehearsal-lambda-{Guid.NewGuid():N}");

    private static readonly Lazy<Task<LambdaPackages>> Published = new(PublishAsync);

    public static Task<LambdaPackages> GetAsync() => Published.Value;

    public static string TestHandler(string type) => $"TestFunctions::PhotoGallery.Rehearsal.TestFunctions.{type}::Handle";

    private static async Task<LambdaPackages> PublishAsync()
    {
        var repository = RepositoryRoot.Path;
        var getPhotos = Path.Combine(Root, "GetPhotos");
        var testFunctions = Path.Combine(Root, "TestFunctions");
        await Task.WhenAll(
            PublishAsync(repository, "functions/GetPhotos/GetPhotos.csproj", getPhotos),
            PublishAsync(repository, "tests/PhotoGallery.Rehearsal.Tests/Lambda/TestFunctions/TestFunctions.csproj", testFunctions));
        return new LambdaPackages(getPhotos, testFunctions);
    }

    private static async Task PublishAsync(string repository, string project, string publishDirectory)
    {
        var start = new ProcessStartInfo(DotnetHost.Find())
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
                     $"-p:PublishDir={publishDirectory}/", "-nologo", "-v", "quiet",
                     // Its own bin and obj: the deploy path publishes the same projects, same configuration,
                     // maybe at the same time in another test.
                     "--artifacts-path", publishDirectory + ".build",
                 })
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish {project} failed ({process.ExitCode}):\n{await output}\n{await errors}");
    }
}

/// <summary>Removes the published packages after the Lambda tests (nothing when none were published).</summary>
[SetUpFixture]
public sealed class LambdaPackagesCleanup
{
    [OneTimeTearDown]
    public void DeletePackages()
    {
        if (Directory.Exists(LambdaPackages.Root)) Directory.Delete(LambdaPackages.Root, recursive: true);
    }
}
