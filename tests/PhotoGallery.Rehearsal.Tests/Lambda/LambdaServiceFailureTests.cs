using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

/// <summary>Every way an invocation fails on Lambda, reported as Lambda reports it, and the service goes on.</summary>
[Category(TestCategories.Rehearsal)]
public sealed class LambdaServiceFailureTests : LambdaServiceFixture
{
    [Test]
    public async Task InvokeAsync_HandlerThrows_FunctionErrorAndTheInstanceStaysWarm()
    {
        var service = Start(TestFunction("Throws"));

        var first = await service.InvokeAsync("test-throws", Bytes("{}"), CancellationToken.None);
        var second = await service.InvokeAsync("test-throws", Bytes("{}"), CancellationToken.None);

        Assert.That(first.Outcome, Is.EqualTo(InvocationOutcome.FunctionError));
        Assert.That(first.ErrorType, Is.EqualTo("InvalidOperationException"));
        Assert.That(first.ErrorMessage, Is.EqualTo("The handler failed on purpose."));
        Assert.That((string)JsonNode.Parse(first.Payload)!["errorType"]!, Is.EqualTo("InvalidOperationException"));
        Assert.That(second.Outcome, Is.EqualTo(InvocationOutcome.FunctionError));
        Assert.That(service.Activity().Single().ColdStarts, Is.EqualTo(1));
    }

    [Test]
    public async Task InvokeAsync_ConstructorThrows_InitErrorNamingTheExceptionAndTheNextCallTriesAgain()
    {
        var service = Start(TestFunction("BrokenConstructor"));

        var first = await service.InvokeAsync("test-brokenconstructor", Bytes("{}"), CancellationToken.None);
        var second = await service.InvokeAsync("test-brokenconstructor", Bytes("{}"), CancellationToken.None);

        Assert.That(first.Outcome, Is.EqualTo(InvocationOutcome.InitError));
        Assert.That(first.ErrorType, Is.EqualTo("TargetInvocationException"), "what Activator throws and RuntimeSupport reports");
        Assert.That(first.ErrorMessage, Does.Contain("InvalidOperationException: TEST_SETTING is not set."));
        Assert.That(second.Outcome, Is.EqualTo(InvocationOutcome.InitError));
        var activity = service.Activity().Single();
        Assert.That(activity.ColdStarts, Is.EqualTo(2));
        Assert.That(activity.Problems, Has.Some.Contains("TEST_SETTING is not set."));
        Assert.That(service.LogOf("test-brokenconstructor"), Has.Some.StartsWith("INIT_REPORT Init Duration: ").And.Contains("Status: error\tError Type: TargetInvocationException"));
    }

    [TestCase("Missing::PhotoGallery.Rehearsal.TestFunctions.Echo::Handle",
        "Could not find the specified handler assembly with the file name 'Missing",
        TestName = "InvokeAsync_HandlerAssemblyMissing_InitErrorAsRuntimeSupportWordsIt")]
    [TestCase("TestFunctions::No.Such.Type::Handle",
        "Unable to load type 'No.Such.Type' from assembly 'TestFunctions'.",
        TestName = "InvokeAsync_HandlerTypeMissing_InitErrorAsRuntimeSupportWordsIt")]
    [TestCase("TestFunctions::PhotoGallery.Rehearsal.TestFunctions.Echo::Nope",
        "Unable to find method 'Nope' in type 'PhotoGallery.Rehearsal.TestFunctions.Echo' from assembly 'TestFunctions': Found no methods matching method name 'Nope'.",
        TestName = "InvokeAsync_HandlerMethodMissing_InitErrorAsRuntimeSupportWordsIt")]
    public async Task InvokeAsync_BadHandler(string handler, string message)
    {
        var launch = TestLaunch.For("test-bad-handler", handler, Packages.TestFunctions, Path.Combine(Folder, "runtime"));
        var service = Start(launch);

        var result = await service.InvokeAsync("test-bad-handler", Bytes("{}"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.InitError));
        Assert.That(result.ErrorType, Is.EqualTo("LambdaValidationException"));
        Assert.That(result.ErrorMessage, Does.StartWith(message));
    }

    [Test]
    public async Task InvokeAsync_PastItsTimeout_TimesOutAndTheNextCallStartsCold()
    {
        var service = Start(TestFunction("Sleeps", timeout: TimeSpan.FromSeconds(1)));

        var late = await service.InvokeAsync("test-sleeps", Bytes("5000"), CancellationToken.None);
        var next = await service.InvokeAsync("test-sleeps", Bytes("0"), CancellationToken.None);

        Assert.That(late.Outcome, Is.EqualTo(InvocationOutcome.Timeout));
        Assert.That(late.ErrorType, Is.EqualTo("Sandbox.Timedout"));
        Assert.That(late.ErrorMessage, Does.Match($@"^RequestId: {late.RequestId} Error: Task timed out after 1\.\d\d seconds$"));
        Assert.That(service.LogOf("test-sleeps"), Has.Some.Match($@" {late.RequestId} Task timed out after 1\.\d\d seconds$"));
        Assert.That(next.Outcome, Is.EqualTo(InvocationOutcome.Success), next.ErrorMessage);
        Assert.That(Text(next.Payload), Is.EqualTo("\"slept\""));
        Assert.That(service.Activity().Single().ColdStarts, Is.EqualTo(2));
    }

    [Test]
    public async Task InvokeAsync_InitPastTenSecondsAndTheTimeout_TimesOut()
    {
        var service = Start(TestFunction("SlowConstructor", timeout: TimeSpan.FromSeconds(1)));

        var result = await service.InvokeAsync("test-slowconstructor", Bytes("{}"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Timeout));
        Assert.That(result.ErrorMessage, Does.Match($@"^RequestId: {result.RequestId} Error: Task timed out after 1\.\d\d seconds$"));
        Assert.That(service.LogOf("test-slowconstructor"), Has.Some.Match(@"^INIT_REPORT Init Duration: 1\d{4}\.\d\d ms\tPhase: init\tStatus: timeout$"));
    }

    [Test]
    public async Task InvokeAsync_PackageWithoutRuntimeConfig_InitErrorExit106WithTheBootstrapsMessage()
    {
        var taskRoot = CopyOf(Packages.TestFunctions, without: "TestFunctions.runtimeconfig.json");
        var service = Start(TestFunction("Echo", taskRoot: taskRoot));

        var result = await service.InvokeAsync("test-echo", Bytes("{}"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.InitError));
        Assert.That(result.ErrorType, Is.EqualTo("Runtime.ExitError"));
        Assert.That(result.ErrorMessage, Is.EqualTo($"RequestId: {result.RequestId} Error: Runtime exited with error: exit status 106"));
        var bootstrapMessage =
            $"Error: .NET binaries for Lambda function are not correctly installed in the {taskRoot} directory of the image when the image was built. " +
            $"The {taskRoot} directory is missing the required .runtimeconfig.json file.";
        Assert.That(service.LogOf("test-echo"), Does.Contain(bootstrapMessage));
        Assert.That(service.Activity().Single().Problems, Has.One.Contains(bootstrapMessage));
    }

    [Test]
    public async Task InvokeAsync_FrameworkTheMachineLacks_InitErrorWithTheHostsMessage()
    {
        var taskRoot = CopyOf(Packages.TestFunctions);
        var runtimeConfig = Path.Combine(taskRoot, "TestFunctions.runtimeconfig.json");
        await File.WriteAllTextAsync(runtimeConfig, (await File.ReadAllTextAsync(runtimeConfig)).Replace("\"10.0.0\"", "\"99.0.0\"", StringComparison.Ordinal));
        var service = Start(TestFunction("Echo", taskRoot: taskRoot));

        var result = await service.InvokeAsync("test-echo", Bytes("{}"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.InitError));
        Assert.That(result.ErrorType, Is.EqualTo("Runtime.ExitError"));
        Assert.That(result.ErrorMessage, Does.StartWith($"RequestId: {result.RequestId} Error: Runtime exited with error: exit status "));
        Assert.That(service.LogOf("test-echo"), Has.Some.Contains("99.0.0"), "the dotnet host's own message is in the log");
        Assert.That(service.Activity().Single().Problems, Has.One.EqualTo("test-echo: could not start (Runtime.ExitError): You must install or update .NET to run this application."));
    }

    [Test]
    public async Task InvokeAsync_ProcessEndsMidInvocation_RuntimeExit()
    {
        var service = Start(TestFunction("Crashes"));

        var result = await service.InvokeAsync("test-crashes", Bytes("{}"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.RuntimeExit));
        Assert.That(result.ErrorType, Is.EqualTo("Runtime.ExitError"));
        Assert.That(result.ErrorMessage, Is.EqualTo($"RequestId: {result.RequestId} Error: Runtime exited with error: exit status 3"));
        Assert.That(service.Activity().Single().Problems, Has.One.Contains("about to exit"));
    }

    [Test]
    public async Task InvokeAsync_RequestOverTheLimit_RefusedWithoutStartingAnything()
    {
        var service = Start(TestFunction("Echo"));

        var result = await service.InvokeAsync("test-echo", new byte[6_291_457], CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.RequestTooLarge));
        Assert.That(result.ErrorType, Is.EqualTo("RequestEntityTooLargeException"));
        Assert.That(service.Activity().Single().ColdStarts, Is.Zero);
    }

    [Test]
    public async Task InvokeAsync_RequestOfExactlyTheLimit_IsServed()
    {
        var service = Start(TestFunction("Echo"));
        var payload = new byte[6_291_456];
        Array.Fill(payload, (byte)' ');

        var result = await service.InvokeAsync("test-echo", payload, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Success), result.ErrorMessage);
        Assert.That(result.Payload, Has.Length.EqualTo(6_291_456));
    }

    [Test]
    public async Task InvokeAsync_ResponseOverTheLimit_ResponseTooLargeAndTheNextCallStartsCold()
    {
        var service = Start(TestFunction("Large"));

        var tooLarge = await service.InvokeAsync("test-large", Bytes("6291557"), CancellationToken.None);
        var largest = await service.InvokeAsync("test-large", Bytes("6291556"), CancellationToken.None);

        Assert.That(tooLarge.Outcome, Is.EqualTo(InvocationOutcome.ResponseTooLarge));
        Assert.That(tooLarge.ErrorType, Is.EqualTo("Function.ResponseSizeTooLarge"));
        Assert.That(tooLarge.ErrorMessage, Is.EqualTo("Response payload size exceeded maximum allowed payload size (6291556 bytes)."));
        Assert.That(largest.Outcome, Is.EqualTo(InvocationOutcome.Success), largest.ErrorMessage);
        Assert.That(largest.Payload, Has.Length.EqualTo(6_291_556));
        Assert.That(service.Activity().Single().ColdStarts, Is.EqualTo(2), "the runtime ends itself after a 413, as RuntimeSupport does");
    }

    [Test]
    public async Task InvokeAsync_OneFunctionFails_TheOthersKeepServing()
    {
        var service = Start(TestFunction("Crashes"), TestFunction("Echo"));

        var crashed = await service.InvokeAsync("test-crashes", Bytes("{}"), CancellationToken.None);
        var echoed = await service.InvokeAsync("test-echo", Bytes("\"still here\""), CancellationToken.None);

        Assert.That(crashed.Outcome, Is.EqualTo(InvocationOutcome.RuntimeExit));
        Assert.That(Text(echoed.Payload), Is.EqualTo("\"still here\""));
    }
}
