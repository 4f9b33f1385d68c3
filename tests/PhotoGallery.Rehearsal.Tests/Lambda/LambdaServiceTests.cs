using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

/// <summary>Real function packages started as Lambda starts them, answering.</summary>
[Category(TestCategories.Rehearsal)]
public sealed class LambdaServiceTests : LambdaServiceFixture
{
    [Test]
    public async Task InvokeAsync_GetPhotosWithABadLimit_AnswersItsProblemWithoutCallingAws()
    {
        var launch = TestLaunch.For("PhotoGallery-getphotos", LambdaPackages.GetPhotosHandler, Packages.GetPhotos,
            Path.Combine(Folder, "runtime"), memorySize: 1024,
            environment: new Dictionary<string, string> { ["PHOTOS_BUCKET"] = "photos", ["PHOTOS_TABLE"] = "photos-table" });
        var service = Start(launch);

        var first = await service.InvokeAsync(launch.Function.Arn, Bytes(PhotosEvent("abc")), CancellationToken.None);
        var second = await service.InvokeAsync("PhotoGallery-getphotos", Bytes(PhotosEvent("0")), CancellationToken.None);

        Assert.That(first.Outcome, Is.EqualTo(InvocationOutcome.Success), first.ErrorMessage);
        var response = JsonNode.Parse(first.Payload)!;
        Assert.That((int)response["statusCode"]!, Is.EqualTo(400));
        Assert.That((string)response["body"]!, Does.Contain("'limit' must be a whole number from 1 to 100; got 'abc'."));
        Assert.That(second.Outcome, Is.EqualTo(InvocationOutcome.Success), second.ErrorMessage);
        var activity = service.Activity().Single();
        Assert.That(activity.ColdStarts, Is.EqualTo(1));
        Assert.That(activity.Invocations, Is.EqualTo(2));
        await TestContext.Out.WriteLineAsync($"GetPhotos cold start: {activity.InitDurations.Single().TotalMilliseconds:F0} ms");
        var log = service.LogOf("PhotoGallery-getphotos");
        Assert.That(log.Count(line => line.StartsWith("REPORT RequestId: ", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(log.Count(line => line.Contains("\tInit Duration: ", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(log, Has.Some.Contains($"\t{first.RequestId}\tinfo\t"), "the function's own log line, prefixed as RuntimeSupport prefixes it");
    }

    [Test]
    public async Task InvokeAsync_Echo_AnswersItsEventAndLogsLikeLambda()
    {
        var service = Start(TestFunction("Echo"));

        var result = await service.InvokeAsync("test-echo", Bytes("{\"hello\":\"world\"}"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Success), result.ErrorMessage);
        Assert.That(Text(result.Payload), Is.EqualTo("{\"hello\":\"world\"}"));
        var log = service.LogOf("test-echo");
        var start = log.ToList().IndexOf($"START RequestId: {result.RequestId} Version: $LATEST");
        Assert.That(start, Is.GreaterThanOrEqualTo(0), string.Join("\n", log));
        Assert.That(log.Skip(start + 1).First(), Does.Match($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z\t{result.RequestId}\tinfo\techo: 17 bytes$"));
        Assert.That(log, Does.Contain($"END RequestId: {result.RequestId}"));
        Assert.That(log[^1], Does.Match(
            $@"^REPORT RequestId: {result.RequestId}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: [1-9]\d* MB\tInit Duration: \d+\.\d\d ms$"));
    }

    [Test]
    public async Task InvokeAsync_Environment_IsExactlyTheTemplatesAndLambdasNothingInherited()
    {
        Environment.SetEnvironmentVariable("REHEARSAL_LEAK_CHECK", "leaked");
        try
        {
            var launch = TestFunction("Environment", environment: new Dictionary<string, string>
            {
                ["PHOTOS_BUCKET"] = "photos",
                ["AWS_REGION"] = "us-east-1",
            });
            var service = Start(launch);

            var result = await service.InvokeAsync("test-environment", Bytes("{}"), CancellationToken.None);

            Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Success), result.ErrorMessage);
            var answer = JsonNode.Parse(result.Payload)!;
            var variables = answer["variables"]!.Deserialize<Dictionary<string, string>>()!;
            Assert.That(variables.Keys, Is.EquivalentTo(new[]
            {
                "PHOTOS_BUCKET",
                "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
                "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "_HANDLER", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_RUNTIME_API", "AWS_EXECUTION_ENV",
                "TZ", "LANG", "PATH", "LD_LIBRARY_PATH", "DOTNET_ROOT", "AWS_ENDPOINT_URL", "_X_AMZN_TRACE_ID",
            }));
            Assert.That(variables["AWS_REGION"], Is.EqualTo(TestLaunch.Region), "a reserved key from the template does not win");
            Assert.That(variables["_X_AMZN_TRACE_ID"], Does.Match("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$"));
            Assert.That(variables["AWS_LAMBDA_RUNTIME_API"], Does.Match(@"^127\.0\.0\.1:\d+$"));
            Assert.That(variables["LAMBDA_TASK_ROOT"], Is.EqualTo(Packages.TestFunctions));
            Assert.That((string)answer["workingDirectory"]!, Is.EqualTo(Packages.TestFunctions));
            Assert.That(service.Activity().Single().Problems, Has.One.Contains("reserved variable(s) AWS_REGION"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("REHEARSAL_LEAK_CHECK", null);
        }
    }

    [Test]
    public async Task InvokeAsync_MoreCallsThanInstances_TheyWaitTheirTurn()
    {
        var service = Start(maxInstances: 2, TestFunction("Sleeps"));

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            service.InvokeAsync("test-sleeps", Bytes("300"), CancellationToken.None)));

        Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(InvocationOutcome.Success));
        var activity = service.Activity().Single();
        Assert.That(activity.ColdStarts, Is.EqualTo(2));
        Assert.That(activity.Invocations, Is.EqualTo(3));
    }

    [Test]
    public async Task InvokeAsync_CallerStopsWaiting_TheInvocationStillRunsToItsEnd()
    {
        var service = Start(maxInstances: 1, TestFunction("Sleeps"));
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await service.InvokeAsync("test-sleeps", Bytes("1000"), impatient.Token),
            Throws.InstanceOf<OperationCanceledException>());
        var next = await service.InvokeAsync("test-sleeps", Bytes("0"), CancellationToken.None);

        Assert.That(next.Outcome, Is.EqualTo(InvocationOutcome.Success), next.ErrorMessage);
        var activity = service.Activity().Single();
        Assert.That(activity.Outcomes[InvocationOutcome.Success], Is.EqualTo(2), "the abandoned call finished too");
        Assert.That(activity.ColdStarts, Is.EqualTo(1), "the second call waited for the only instance");
    }

    [Test]
    public async Task DisposeAsync_DuringAnInvocation_EndsItAsARuntimeExit()
    {
        var service = Start(TestFunction("Sleeps"));
        var running = service.InvokeAsync("test-sleeps", Bytes("30000"), CancellationToken.None);
        while (!service.LogOf("test-sleeps").Any(line => line.StartsWith("START", StringComparison.Ordinal)))
            await Task.Delay(20);

        await service.DisposeAsync();

        Assert.That((await running).Outcome, Is.EqualTo(InvocationOutcome.RuntimeExit));
    }

    [Test]
    public async Task DisposeAsync_AfterInvocations_EndsEveryProcess()
    {
        var service = Start(TestFunction("Environment"));
        var result = await service.InvokeAsync("test-environment", Bytes("{}"), CancellationToken.None);
        var processId = (int)JsonNode.Parse(result.Payload)!["processId"]!;
        Assert.That(Directory.Exists($"/proc/{processId}"), Is.True, "the instance runs until disposed");

        await service.DisposeAsync();

        Assert.That(Directory.Exists($"/proc/{processId}"), Is.False);
    }

    [Test]
    public async Task InvokeAsync_UnknownFunction_SaysWhichExist()
    {
        var service = Start(TestFunction("Echo"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => service.InvokeAsync("nope", [], CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("No function nope").And.Contain("test-echo"));
    }

    private static string PhotosEvent(string limit) => new JsonObject
    {
        ["resource"] = "/photos",
        ["path"] = "/photos",
        ["httpMethod"] = "GET",
        ["headers"] = new JsonObject { ["Accept"] = "application/json" },
        ["queryStringParameters"] = new JsonObject { ["limit"] = limit },
        ["requestContext"] = new JsonObject
        {
            ["requestId"] = "gw-request-1",
            ["authorizer"] = new JsonObject
            {
                ["claims"] = new JsonObject { ["cognito:username"] = "ann", ["email"] = "ann@example.com", ["name"] = "Ann" },
            },
        },
        ["body"] = null,
        ["isBase64Encoded"] = false,
    }.ToJsonString();
}
