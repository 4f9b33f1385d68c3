using PhotoGallery.Core.Functions;

namespace PhotoGallery.Local.Events;

/// <summary>How the local host plays Lambda's asynchronous invocation (the way S3 invokes a function).</summary>
public sealed record AsyncInvocationOptions
{
    /// <summary>Lambda's two retries of an event: about 1 and 2 minutes on AWS. Locally 1 s and 2 s, so a retried photo is not a three-minute wait.</summary>
    public static readonly IReadOnlyList<TimeSpan> LocalRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>The wait before each retry; their number is the number of retries (Lambda: 2).</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = LocalRetryDelays;

    /// <summary>
    /// How long after the write the first attempt starts. S3 delivers its events within about a second,
    /// so on AWS the function rarely runs before the request that stored the object has finished saving
    /// the photo; delivering at once would make nearly every first attempt fail for that reason alone.
    /// </summary>
    public TimeSpan DeliveryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>At most this many invocations run at once (Lambda scales out; a laptop has a few cores).</summary>
    public int MaxConcurrency { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>On shutdown, how long invocations already running may take to finish; waits and queued events are cancelled at once.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The timers of the delays and timeouts (tests drive them with a fake).</summary>
    public TimeProvider Timers { get; init; } = TimeProvider.System;
}

/// <summary>One failed attempt at an event.</summary>
/// <param name="Error">Lambda's words for it: <c>&lt;exception type&gt;: &lt;message&gt;</c>, or the timeout.</param>
public sealed record FailedAttempt(int Attempt, string At, string Error);

/// <summary>An event Lambda gave up on: every attempt failed (on AWS it would go to the function's on-failure destination or dead-letter queue, if it had one, or be dropped).</summary>
/// <param name="Event">What the event was about, e.g. <c>ObjectCreated:Put photos/…/original.png</c>.</param>
/// <param name="Payload">The event JSON the function got.</param>
public sealed record FailedEvent(string Function, string Event, string Payload, IReadOnlyList<FailedAttempt> Attempts);

/// <summary>
/// Lambda's asynchronous invocation, for the local host: the caller hands the event over and returns at
/// once; the function runs later, off the caller's request, through its Lambda stream entry point. Each
/// attempt is logged in one line; a failed one (the handler throws, or runs past its timeout) is retried after each of
/// <see cref="AsyncInvocationOptions.RetryDelays"/>; an event whose every attempt failed joins
/// <see cref="Failures"/>. Nothing a function does can stop the host. Disposing cancels the waits and the
/// events not started, and gives the running invocations a short grace to finish.
/// </summary>
public sealed class AsyncInvocations : IAsyncDisposable
{
    private readonly AsyncInvocationOptions _options;
    private readonly TextWriter _console;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly HashSet<Task> _deliveries = [];
    private readonly List<FailedEvent> _failures = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _idle = NewIdle(completed: true);
    private int _notDelivered;

    /// <param name="clock">The time written in the failure record and log (the host's clock).</param>
    public AsyncInvocations(AsyncInvocationOptions options, TextWriter console, TimeProvider clock)
    {
        if (options.MaxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxConcurrency must be at least 1.");
        _options = options;
        _console = console;
        _clock = clock;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _stoppingToken = _stopping.Token;
    }

    /// <summary>The events given up on, newest first.</summary>
    public IReadOnlyList<FailedEvent> Failures()
    {
        lock (_gate) return [.. Enumerable.Reverse(_failures)];
    }

    /// <summary>Hands an event to <paramref name="handler"/>, asynchronously: returns before the first attempt.</summary>
    /// <param name="description">What the event is about, for the log and the failure record.</param>
    /// <param name="timeout">The function's timeout: an attempt still running after it counts as failed (it cannot be stopped in-process).</param>
    public void Invoke(string function, LambdaHandler handler, TimeSpan timeout, byte[] payload, string description) =>
        Invoke(function, attempt => RunAsync(handler, timeout, attempt), payload, description);

    /// <summary>
    /// Hands an event to a function that <paramref name="attempt"/> invokes once per try (a Lambda service of
    /// its own, say): it answers <c>null</c> when the function succeeded, else Lambda's words for the failure.
    /// </summary>
    public void Invoke(string function, Func<byte[], Task<string?>> attempt, byte[] payload, string description)
    {
        var invocation = new Invocation(function, attempt, payload, description);
        lock (_gate)
        {
            if (_stoppingToken.IsCancellationRequested)
            {
                Log($"{function}: {description} not delivered: the host is stopping.");
                return;
            }
            // The caller's context (its request, its logging scope) stays with the caller.
            Task delivery;
            using (ExecutionContext.SuppressFlow()) delivery = Task.Run(() => DeliverAsync(invocation));
            if (_deliveries.Count == 0) _idle = NewIdle(completed: false);
            _deliveries.Add(delivery);
            _ = delivery.ContinueWith(Finished, TaskScheduler.Default);
        }
    }

    /// <summary>Completes when no event is waiting, running or due for a retry.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return _idle.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Task[] deliveries;
        lock (_gate)
        {
            if (_stoppingToken.IsCancellationRequested) return;
            _stopping.Cancel();
            deliveries = [.. _deliveries];
        }
        try
        {
            await Task.WhenAll(deliveries).WaitAsync(_options.ShutdownGrace, TimeProvider.System);
        }
        catch (TimeoutException)
        {
            Log($"{deliveries.Count(d => !d.IsCompleted)} invocation(s) still running after {_options.ShutdownGrace.TotalSeconds:0.#} s were left behind.");
        }
        if (Volatile.Read(ref _notDelivered) is var dropped and > 0)
            Log($"{dropped} event(s) were not delivered: the host stopped first.");
        _stopping.Dispose();
    }

    private async Task DeliverAsync(Invocation invocation)
    {
        var stopping = _stoppingToken;
        var attempts = new List<FailedAttempt>();
        var tries = _options.RetryDelays.Count + 1;
        try
        {
            if (_options.DeliveryDelay > TimeSpan.Zero) await Task.Delay(_options.DeliveryDelay, _options.Timers, stopping);
            for (var attempt = 1; ; attempt++)
            {
                var started = _options.Timers.GetTimestamp();
                var error = await AttemptAsync(invocation, stopping);
                if (error is null)
                {
                    var took = _options.Timers.GetElapsedTime(started);
                    Log($"{invocation.Function}: {invocation.Description}: done in {took.TotalMilliseconds:0} ms{(attempt > 1 ? $" (attempt {attempt} of {tries})" : "")}.");
                    return;
                }
                attempts.Add(new FailedAttempt(attempt, Core.Photos.Photo.FormatTime(_clock.GetUtcNow()), error));
                if (attempt == tries)
                {
                    lock (_gate) _failures.Add(new FailedEvent(invocation.Function, invocation.Description,
                        System.Text.Encoding.UTF8.GetString(invocation.Payload), [.. attempts]));
                    Log($"{invocation.Function}: attempt {attempt} of {tries} failed for {invocation.Description}: {error}. Giving up: the event is in the failure record (/_local/failures).");
                    return;
                }
                var delay = _options.RetryDelays[attempt - 1];
                Log($"{invocation.Function}: attempt {attempt} of {tries} failed for {invocation.Description}: {error}. Retrying in {Seconds(delay)}.");
                await Task.Delay(delay, _options.Timers, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            Interlocked.Increment(ref _notDelivered);
            Log($"{invocation.Function}: {invocation.Description} not delivered: the host stopped{(attempts.Count == 0 ? "" : $" after {attempts.Count} failed attempt(s)")}.");
        }
    }

    /// <summary>One attempt, at most <see cref="AsyncInvocationOptions.MaxConcurrency"/> at a time: <c>null</c> when it worked, else why not.</summary>
    private async Task<string?> AttemptAsync(Invocation invocation, CancellationToken stopping)
    {
        await _slots.WaitAsync(stopping);
        try
        {
            return await invocation.Attempt(invocation.Payload);
        }
        catch (Exception e)
        {
            // Whatever the function did is its failure, never the host's: a poison event is retried, then recorded.
            return $"{e.GetType().Name}: {e.Message}";
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The handler, in-process: <c>null</c> when it answered, else its exception or the timeout in Lambda's words.</summary>
    private async Task<string?> RunAsync(LambdaHandler handler, TimeSpan timeout, byte[] payload)
    {
        // The handler runs on the thread pool, so a function that blocks cannot hold up the caller or the timer.
        var run = Task.Run(async () =>
        {
            await using var output = await handler(new MemoryStream(payload, writable: false));
        }, CancellationToken.None);
        try
        {
            await run.WaitAsync(timeout, _options.Timers, CancellationToken.None);
            return null;
        }
        catch (TimeoutException) when (!run.IsCompleted)
        {
            return $"Task timed out after {timeout.TotalSeconds:0.00} seconds";
        }
    }

    private void Finished(Task delivery)
    {
        lock (_gate)
        {
            _deliveries.Remove(delivery);
            if (_deliveries.Count == 0) _idle.TrySetResult();
        }
    }

    private void Log(string line)
    {
        lock (_console) _console.WriteLine($"[events] {line}");
    }

    private static string Seconds(TimeSpan delay) =>
        delay.TotalSeconds >= 1 ? $"{delay.TotalSeconds:0.#} s" : $"{delay.TotalMilliseconds:0} ms";

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed) idle.SetResult();
        return idle;
    }

    private sealed record Invocation(string Function, Func<byte[], Task<string?>> Attempt, byte[] Payload, string Description);
}
