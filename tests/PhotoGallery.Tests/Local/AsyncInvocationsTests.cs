using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using PhotoGallery.Core.Functions;
using PhotoGallery.Local.Events;

namespace PhotoGallery.Tests.Local;

/// <summary>Lambda's asynchronous invocation as the local host plays it: off the caller, two retries, a failure record.</summary>
public sealed class AsyncInvocationsTests
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"Records":[]}""");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private StringWriter _console = null!;

    [SetUp]
    public void SetUp() => _console = new StringWriter();

    private AsyncInvocations Invocations(AsyncInvocationOptions options) => new(options, _console, TimeProvider.System);

    private static AsyncInvocationOptions Quick(params int[] retryMilliseconds) => new()
    {
        RetryDelays = [.. retryMilliseconds.Select(ms => TimeSpan.FromMilliseconds(ms))],
        DeliveryDelay = TimeSpan.Zero,
    };

    /// <summary>A handler that answers, after its turn comes (when <paramref name="release"/> completes).</summary>
    private static LambdaHandler Answering(List<byte[]> seen, Task? release = null) => async input =>
    {
        using var copy = new MemoryStream();
        await input.CopyToAsync(copy);
        lock (seen) seen.Add(copy.ToArray());
        if (release is not null) await release;
        return new MemoryStream("""{"processed":1}"""u8.ToArray());
    };

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail($"Still waiting after 10 s for: {what}");
            await Task.Delay(5);
        }
    }

    [Test]
    public async Task Invoke_FunctionStillRunning_ReturnsAtOnceAndDeliversThePayloadOnce()
    {
        await using var invocations = Invocations(Quick(10, 20));
        var seen = new List<byte[]>();
        var release = new TaskCompletionSource();

        invocations.Invoke("f", Answering(seen, release.Task), Timeout, Payload, "ObjectCreated:Put k");
        var idle = invocations.WhenIdleAsync();

        Assert.That(idle.IsCompleted, Is.False, "the event is still on its way when Invoke returns");
        release.SetResult();
        await idle;
        Assert.That(seen, Has.Count.EqualTo(1));
        Assert.That(seen[0], Is.EqualTo(Payload));
        Assert.That(invocations.Failures(), Is.Empty);
        Assert.That(_console.ToString(), Does.Match(@"^\[events\] f: ObjectCreated:Put k: done in \d+ ms\.\r?\n$"), "one line, no attempt count when the first one worked");
    }

    [Test]
    public async Task Invoke_FailsTwiceThenAnswers_RetriedAfterEachConfiguredDelayAndNotRecorded()
    {
        // Lambda's own delays, on a clock the test moves: a retry comes no sooner than its delay.
        var timers = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        await using var invocations = Invocations(new AsyncInvocationOptions
        {
            RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)],
            DeliveryDelay = TimeSpan.Zero,
            Timers = timers,
        });
        var attempts = new List<DateTimeOffset>();
        LambdaHandler flaky = _ =>
        {
            int attempt;
            lock (attempts)
            {
                attempts.Add(timers.GetUtcNow());
                attempt = attempts.Count;
            }
            return attempt < 3 ? throw new InvalidOperationException($"not yet ({attempt})") : Task.FromResult<Stream>(new MemoryStream());
        };

        invocations.Invoke("f", flaky, Timeout, Payload, "ObjectCreated:Put k");
        foreach (var expected in new[] { 2, 3 })
        {
            await EventuallyAsync(() => { lock (attempts) return attempts.Count == expected - 1; }, $"attempt {expected - 1}");
            while (true)
            {
                lock (attempts) if (attempts.Count == expected) break;
                Assert.That(timers.GetUtcNow() - attempts[0], Is.LessThan(TimeSpan.FromMinutes(5)), "no retry came");
                timers.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(2);
            }
        }
        await invocations.WhenIdleAsync();

        Assert.That(attempts[1] - attempts[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(1)).And.LessThan(TimeSpan.FromSeconds(65)));
        Assert.That(attempts[2] - attempts[1], Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(2)).And.LessThan(TimeSpan.FromSeconds(125)));
        Assert.That(invocations.Failures(), Is.Empty);
        var log = _console.ToString();
        Assert.That(log, Does.Contain("[events] f: attempt 1 of 3 failed for ObjectCreated:Put k: InvalidOperationException: not yet (1). Retrying in 60 s."));
        Assert.That(log, Does.Contain("attempt 2 of 3 failed").And.Contain("Retrying in 120 s."));
        Assert.That(log, Does.Match(@"\[events\] f: ObjectCreated:Put k: done in \d+ ms \(attempt 3 of 3\)\."));
    }

    [Test]
    public async Task Invoke_FunctionAlwaysThrows_ThreeAttemptsThenInTheFailureRecord()
    {
        await using var invocations = Invocations(Quick(20, 40));
        var attempts = new List<long>();
        var clock = Stopwatch.StartNew();
        LambdaHandler broken = async _ =>
        {
            lock (attempts) attempts.Add(clock.ElapsedMilliseconds);
            await Task.Yield();
            throw new InvalidDataException("The invocation payload is not an S3 event notification.");
        };

        invocations.Invoke("f", broken, Timeout, Payload, "ObjectCreated:Put k");
        await invocations.WhenIdleAsync();

        Assert.That(attempts, Has.Count.EqualTo(3));
        // Real timers may fire some milliseconds early (6 ms seen in CI); the exact delays are held on a fake clock above.
        Assert.That(attempts[1] - attempts[0], Is.GreaterThanOrEqualTo(20 - 10));
        Assert.That(attempts[2] - attempts[1], Is.GreaterThanOrEqualTo(40 - 10));
        var failure = invocations.Failures().Single();
        Assert.That(failure.Function, Is.EqualTo("f"));
        Assert.That(failure.Event, Is.EqualTo("ObjectCreated:Put k"));
        Assert.That(failure.Payload, Is.EqualTo(Encoding.UTF8.GetString(Payload)));
        Assert.That(failure.Attempts.Select(a => a.Attempt), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(failure.Attempts.Select(a => a.Error), Has.All.EqualTo("InvalidDataException: The invocation payload is not an S3 event notification."));
        var lines = _console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3), "one line per failed attempt");
        Assert.That(lines[2], Does.EndWith("Giving up: the event is in the failure record (/_local/failures)."));
    }

    [Test]
    public async Task Invoke_HandlerThrowsBeforeReturningATask_AFailedAttemptNotTheCallers()
    {
        await using var invocations = Invocations(Quick());
        LambdaHandler poison = _ => throw new FormatException("bad event");

        Assert.DoesNotThrow(() => invocations.Invoke("f", poison, Timeout, Payload, "ObjectCreated:Put k"));
        await invocations.WhenIdleAsync();

        Assert.That(invocations.Failures().Single().Attempts.Single().Error, Is.EqualTo("FormatException: bad event"));
    }

    [Test]
    public async Task Invoke_FunctionRunsPastItsTimeout_AFailedAttemptInLambdasWords()
    {
        await using var invocations = Invocations(Quick());
        var never = new TaskCompletionSource<Stream>();

        invocations.Invoke("f", _ => never.Task, TimeSpan.FromMilliseconds(50), Payload, "ObjectCreated:Put k");
        await invocations.WhenIdleAsync();

        Assert.That(invocations.Failures().Single().Attempts.Single().Error, Is.EqualTo("Task timed out after 0.05 seconds"));
    }

    [Test]
    public async Task Failures_SeveralEvents_NewestFirst()
    {
        await using var invocations = Invocations(Quick());
        LambdaHandler broken = _ => throw new InvalidOperationException("no");

        invocations.Invoke("f", broken, Timeout, Payload, "first");
        await invocations.WhenIdleAsync();
        invocations.Invoke("f", broken, Timeout, Payload, "second");
        await invocations.WhenIdleAsync();

        Assert.That(invocations.Failures().Select(f => f.Event), Is.EqualTo(new[] { "second", "first" }));
    }

    [Test]
    public async Task DisposeAsync_EventWaitingForItsRetry_CancelledAtOnceAndSaysSo()
    {
        var invocations = Invocations(Quick(3_600_000));
        var attempts = 0;
        invocations.Invoke("f", _ => { Interlocked.Increment(ref attempts); throw new InvalidOperationException("no"); }, Timeout, Payload, "ObjectCreated:Put k");
        await EventuallyAsync(() => Volatile.Read(ref attempts) == 1, "the first attempt");
        await EventuallyAsync(() => _console.ToString().Contains("Retrying in", StringComparison.Ordinal), "the retry to be scheduled");

        var stopping = Stopwatch.StartNew();
        await invocations.DisposeAsync();

        Assert.That(stopping.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(_console.ToString(), Does.Contain("ObjectCreated:Put k not delivered: the host stopped after 1 failed attempt(s).")
            .And.Contain("1 event(s) were not delivered: the host stopped first."));
        Assert.That(invocations.Failures(), Is.Empty, "not given up on: cut short");
    }

    [Test]
    public async Task DisposeAsync_InvocationRunning_WaitsForItToFinish()
    {
        var invocations = Invocations(Quick());
        var started = new TaskCompletionSource();
        var finished = false;
        invocations.Invoke("f", async _ =>
        {
            started.SetResult();
            await Task.Delay(200);
            finished = true;
            return new MemoryStream();
        }, Timeout, Payload, "ObjectCreated:Put k");
        await started.Task;

        await invocations.DisposeAsync();

        Assert.That(finished, Is.True);
        Assert.That(invocations.Failures(), Is.Empty);
    }

    [Test]
    public async Task Invoke_AfterDispose_NotDeliveredAndSaysSo()
    {
        var invocations = Invocations(Quick());
        await invocations.DisposeAsync();
        var called = false;

        invocations.Invoke("f", _ => { called = true; return Task.FromResult<Stream>(new MemoryStream()); }, Timeout, Payload, "ObjectCreated:Put k");
        await invocations.WhenIdleAsync();

        Assert.That(called, Is.False);
        Assert.That(_console.ToString(), Does.Contain("f: ObjectCreated:Put k not delivered: the host is stopping."));
    }
}
