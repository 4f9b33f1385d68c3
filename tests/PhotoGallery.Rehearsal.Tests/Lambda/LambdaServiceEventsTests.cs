using NUnit.Framework;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

/// <summary>Lambda's asynchronous Invoke, the way S3 invokes a function: 202 at once, two retries, dropped after the third failure.</summary>
[Category(TestCategories.Rehearsal)]
public sealed class LambdaServiceEventsTests : LambdaServiceFixture
{
    [Test]
    public async Task InvokeEvent_FunctionAnswers_202AtOnceThenOneInvocation()
    {
        var service = Start(TestFunction("Echo"));

        var answer = service.InvokeEvent("test-echo", Bytes("""{"Records":[]}"""), "ObjectCreated:Put k");
        await service.WhenEventsDoneAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That((answer.StatusCode, answer.Accepted), Is.EqualTo((202, true)));
        var activity = service.Activity().Single();
        Assert.That((activity.Events, activity.Invocations, activity.DroppedEvents), Is.EqualTo((1, 1, 0)));
        Assert.That(activity.Problems, Is.Empty);
        Assert.That(service.LogOf("test-echo"), Has.Some.StartsWith("START RequestId: "));
        Assert.That(Log, Does.Contain("[events] test-echo: ObjectCreated:Put k: done in"));
    }

    [Test]
    public async Task InvokeEvent_FunctionFailsTwiceThenAnswers_RetriedAndNoProblem()
    {
        var service = Start(TestFunction("FailsTwice"));

        service.InvokeEvent("test-failstwice", Bytes("{}"), "ObjectCreated:Put k");
        await service.WhenEventsDoneAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var activity = service.Activity().Single();
        Assert.That(activity.Invocations, Is.EqualTo(3));
        Assert.That(activity.Outcomes[InvocationOutcome.FunctionError], Is.EqualTo(2));
        Assert.That(activity.Outcomes[InvocationOutcome.Success], Is.EqualTo(1));
        Assert.That(activity.DroppedEvents, Is.Zero);
        Assert.That(activity.Problems, Is.Empty, "a failure Lambda's retry rescues is not one a deployment would hit");
        Assert.That(Log, Does.Contain("attempt 1 of 3 failed for ObjectCreated:Put k: InvalidOperationException: Not ready yet (call 1)."));
    }

    [Test]
    public async Task InvokeEvent_FunctionAlwaysThrows_ThreeAttemptsThenDroppedAndReported()
    {
        var service = Start(TestFunction("Throws"));

        service.InvokeEvent("test-throws", Bytes("{}"), "ObjectCreated:Put photos/1/original.png");
        await service.WhenEventsDoneAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var activity = service.Activity().Single();
        Assert.That((activity.Events, activity.Invocations, activity.DroppedEvents), Is.EqualTo((1, 3, 1)));
        Assert.That(activity.Problems, Has.Some.EqualTo(
            "test-throws: all 3 attempts at an asynchronous event failed (ObjectCreated:Put photos/1/original.png); Lambda drops it. " +
            "Last error: InvalidOperationException: The handler failed on purpose."));
    }

    [Test]
    public async Task InvokeEvent_OverLambdas256KbEventLimit_Refused413WithoutAnInvocation()
    {
        var service = Start(TestFunction("Echo"));

        var tooLarge = service.InvokeEvent("test-echo", new byte[LambdaErrors.MaxEventBytes + 1], "big");
        var largest = service.InvokeEvent("test-echo", Bytes("\"" + new string('x', LambdaErrors.MaxEventBytes - 2) + "\""), "largest");
        await service.WhenEventsDoneAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That((tooLarge.StatusCode, tooLarge.ErrorType), Is.EqualTo((413, "RequestEntityTooLargeException")));
        Assert.That(largest.StatusCode, Is.EqualTo(202));
        var activity = service.Activity().Single();
        Assert.That((activity.Events, activity.Invocations), Is.EqualTo((1, 1)));
        Assert.That(activity.Problems, Has.Some.Contains("over Lambda's 262,144-byte limit"));
    }

    [Test]
    public void InvokeEvent_UnknownFunction_404ResourceNotFound()
    {
        var service = Start(TestFunction("Echo"));

        var answer = service.InvokeEvent("nobody", Bytes("{}"), "x");

        Assert.That((answer.StatusCode, answer.ErrorType, answer.ErrorMessage), Is.EqualTo((404, "ResourceNotFoundException", "Function not found: nobody")));
    }
}
