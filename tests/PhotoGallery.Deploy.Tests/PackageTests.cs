using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;

namespace PhotoGallery.Deploy.Tests;

/// <summary>
/// Proof that each published package would start on AWS: a separate process loads it the way the .NET
/// Lambda runtime does (assembly, type, one method, parameterless constructor composing the AWS
/// adapters from environment variables) and hands it a recorded API Gateway event, turned into a
/// request each function answers without calling AWS (bad input, no token).
/// </summary>
public sealed partial class PackageTests
{
    private static readonly Dictionary<string, string> LambdaEnvironment = new()
    {
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = "example-secret",
        ["PHOTOS_BUCKET"] = "photogallery-photos-example",
        ["PHOTOS_TABLE"] = "photogallery-photos-example",
        ["USER_POOL_ID"] = "us-east-1_Example",
        ["USER_POOL_CLIENT_ID"] = "4bq5qotn1hmrlil7k760cmcqll",
        // Any call that slipped through would go nowhere instead of to AWS.
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
    };

    /// <summary>Per function: how to turn the recorded event into a request it refuses before any AWS call.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Edit, int Status)> Requests = new()
    {
        ["signup"] = (e => e["body"] = """{"username":"alice","password":"weak","name":"Alice","email":"alice@example.com"}""", 400),
        ["confirmemail"] = (e => e["body"] = """{"username":"alice","code":"12"}""", 400),
        ["login"] = (e => e["body"] = """{"username":"alice"}""", 400),
        ["addphoto"] = (e => e["body"] = """{"title":"x","fileName":"x.bmp","contentType":"image/bmp","size":10}""", 400),
        ["getphotos"] = (e => e["queryStringParameters"] = new JsonObject { ["limit"] = "0" }, 400),
        ["getphoto"] = (e => e["pathParameters"] = new JsonObject { ["photoId"] = "not-a-photo-id" }, 404),
        ["search"] = (e => e["queryStringParameters"] = new JsonObject { ["q"] = "  " }, 400),
    };

    private static IEnumerable<Route> Routes() => RouteTable.All;

    [TestCaseSource(nameof(Routes))]
    public async Task Package_LoadedLikeTheLambdaRuntime_AnswersARecordedEvent(Route route)
    {
        var eventFile = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"event-{route.Name}-{Guid.NewGuid():N}.json");
        var proxyEvent = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "apigw-rest-proxy-event.json")))!.AsObject();
        proxyEvent["resource"] = route.Path;
        proxyEvent["httpMethod"] = route.Method;
        proxyEvent["requestContext"]!["resourcePath"] = route.Path;
        Requests[route.Name].Edit(proxyEvent);
        await File.WriteAllTextAsync(eventFile, proxyEvent.ToJsonString());

        var (exit, output, error) = await InvokeAsync(Path.Combine(DeploySetup.Packages, route.Project), route.Handler, eventFile);

        Assert.That(exit, Is.Zero, error);
        var response = JsonNode.Parse(output)!;
        Assert.That(response["statusCode"]!.GetValue<int>(), Is.EqualTo(Requests[route.Name].Status), output);
        Assert.That(response["headers"]!["Access-Control-Allow-Origin"]!.GetValue<string>(), Is.EqualTo("*"));
        Assert.That(error, Does.Contain("first-event-ms:"));
    }

    [Test]
    public async Task Package_MissingConfiguration_FailsAtStartNamingTheVariable()
    {
        var route = RouteTable.ByName("getphotos");
        var eventFile = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"event-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(eventFile, "{}");

        var (exit, _, error) = await InvokeAsync(Path.Combine(DeploySetup.Packages, route.Project), route.Handler, eventFile, without: "PHOTOS_TABLE");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("PHOTOS_TABLE"));
    }

    [Test]
    public async Task Package_WrongHandlerString_RefusedLikeTheRuntime()
    {
        var route = RouteTable.ByName("search");

        var (exit, _, error) = await InvokeAsync(Path.Combine(DeploySetup.Packages, route.Project),
            "Search::PhotoGallery.Functions.Search.Function::FunctionHandler", "unused.json");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("0 methods named 'FunctionHandler'"));
    }

    private static IEnumerable<TestCaseData> StorageTriggered() =>
        FunctionCatalog.All.Where(f => f.Trigger is StorageTrigger).Select(f => new TestCaseData(f).SetArgDisplayNames(f.Name));

    /// <summary>
    /// An S3 event for a key its trigger does not cover (its own thumbnail): the package starts, reads the
    /// event and leaves it alone, without a call to AWS.
    /// </summary>
    [TestCaseSource(nameof(StorageTriggered))]
    public async Task Package_StorageTriggered_LoadedLikeTheLambdaRuntime_ReadsAnS3Event(FunctionDeclaration function)
    {
        var eventFile = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"event-{function.Name}-{Guid.NewGuid():N}.json");
        var key = PhotoGallery.Core.Photos.PhotoKeys.Thumbnail("01JD3ZK8Q2V7W4X9Y6T5R3P1NM");
        await File.WriteAllTextAsync(eventFile, $$$$"""
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-11-22T08:00:00.000Z",
            "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:AROAEXAMPLE"},"requestParameters":{"sourceIPAddress":"203.0.113.7"},
            "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
            "s3":{"s3SchemaVersion":"1.0","configurationId":"example","bucket":{"name":"photogallery-photos-example","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},
            "arn":"arn:aws:s3:::photogallery-photos-example"},"object":{"key":"{{{{key}}}}","size":1234,"eTag":"0b5e2bf1c0ea2d3d5c4c6b1f4e0a9d8c","sequencer":"0055AED6DCD90281E5"}}}]}
            """);

        var (exit, output, error) = await InvokeAsync(Path.Combine(DeploySetup.Packages, function.Project), function.Handler, eventFile);

        Assert.That(exit, Is.Zero, error);
        Assert.That(JsonNode.Parse(output)!["processed"]!.GetValue<int>(), Is.Zero, output);
    }

    private static IEnumerable<TestCaseData> Declared() =>
        FunctionCatalog.All.Select(f => new TestCaseData(f).SetArgDisplayNames(f.Name));

    /// <summary>
    /// Lambda's dotnet bootstrap starts a class-library function with <c>dotnet exec --depsfile
    /// &lt;asm&gt;.deps.json --runtimeconfig &lt;asm&gt;.runtimeconfig.json</c>; without the latter it exits 106.
    /// </summary>
    [TestCaseSource(nameof(Declared))]
    public void Package_CarriesTheFilesTheBootstrapStartsItWith(FunctionDeclaration function)
    {
        var package = Path.Combine(DeploySetup.Packages, function.Project);

        Assert.That(Path.Combine(package, function.Project + ".deps.json"), Does.Exist);
        var runtimeConfig = Path.Combine(package, function.Project + ".runtimeconfig.json");
        Assert.That(runtimeConfig, Does.Exist);
        var framework = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!["framework"]!;
        Assert.That(framework["name"]!.GetValue<string>(), Is.EqualTo("Microsoft.NETCore.App"));
        Assert.That(framework["version"]!.GetValue<string>(), Does.StartWith("10.0."));
    }

    /// <summary>Step 6.1 of the guide lists one package's own files (<c>ls artifacts/lambda/GetPhotos/GetPhotos.*</c>).</summary>
    [Test]
    public void Packages_OwnFiles_WhatTheGuideListsInStep61()
    {
        var page = File.ReadAllText(Path.Combine(DeploySetup.Repository, "docs", "lab", "06-functions.md"));
        var listing = GuideListing().Match(page);
        Assert.That(listing.Success, Is.True, "step 6.1 lists a package's files after `ls artifacts/lambda/<Project>/<Project>.*`");
        var shown = listing.Groups["project"].Value;
        var suffixes = listing.Groups["files"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => Path.GetFileName(f)[shown.Length..]).ToList();

        Assert.That(suffixes, Does.Contain(".runtimeconfig.json").And.Contain(".deps.json").And.Contain(".dll"));
        foreach (var route in RouteTable.All)
        {
            var own = Directory.GetFiles(Path.Combine(DeploySetup.Packages, route.Project), route.Project + ".*").Select(f => Path.GetFileName(f)[route.Project.Length..]);
            Assert.That(own, Is.EquivalentTo(suffixes), route.Project);
        }
    }

    [GeneratedRegex(@"ls artifacts/lambda/(?<project>\w+)/\k<project>\.\*\n```\n\n[^`]*You should see[^`]*```text\n(?<files>[^`]*)```")]
    private static partial Regex GuideListing();

    [Test]
    public void Packages_Each_SmallAndWithoutTheLocalHost()
    {
        foreach (var function in FunctionCatalog.All)
        {
            var files = Directory.GetFiles(Path.Combine(DeploySetup.Packages, function.Project), "*", SearchOption.AllDirectories);
            var bytes = files.Sum(f => new FileInfo(f).Length);
            TestContext.Out.WriteLine($"{function.Project}: {bytes / 1024.0:0} KiB in {files.Length} files");
            Assert.That(bytes, Is.LessThan(50L * 1024 * 1024), "Lambda's unzipped limit is 250 MB; ours should stay far below");
            Assert.That(files.Select(Path.GetFileName), Has.None.StartsWith("PhotoGallery.Local").And.None.StartsWith("Microsoft.Data.Sqlite"));
        }
    }

    private static async Task<(int Exit, string Output, string Error)> InvokeAsync(string package, string handler, string eventFile, string? without = null)
    {
        var invoker = Path.Combine(AppContext.BaseDirectory, "PhotoGallery.LambdaInvoker.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { invoker, package, handler, eventFile }) start.ArgumentList.Add(argument);
        foreach (var (name, value) in LambdaEnvironment.Where(v => v.Key != without)) start.Environment[name] = value;
        if (without is not null) start.Environment.Remove(without);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
