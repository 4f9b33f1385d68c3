using PhotoGallery.Local.Events;

namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>
/// Lambda, for the rehearsal: each function started as the managed dotnet runtime starts it, in its own
/// processes behind its own Runtime API, with its timeout, memory size and payload limits. Invoke by
/// function name or ARN, synchronously (<see cref="InvokeAsync"/>, as API Gateway does) or asynchronously
/// (<see cref="InvokeEvent"/>, as S3 does: queued, retried twice, dropped after the third failure). A
/// function's failure is an <see cref="InvocationResult"/>, never an exception, and the other functions keep
/// serving. Disposing ends every process.
/// </summary>
/// <remarks>
/// The runtime client (PhotoGallery.LambdaRuntime.dll) is copied into each launch's
/// <see cref="FunctionLaunch.RuntimeDirectory"/> at its first cold start unless an identical copy is there.
/// </remarks>
public sealed class LambdaService : IAsyncDisposable
{
    private readonly Dictionary<string, FunctionPool> _byNameOrArn = new(StringComparer.Ordinal);
    private readonly List<FunctionPool> _pools = [];
    private readonly AsyncInvocations _events;
    private readonly Dictionary<FunctionPool, int> _eventsAccepted = [];
    private int _disposed;

    public LambdaService(IEnumerable<FunctionLaunch> functions, LambdaServiceOptions? options = null)
    {
        options ??= new LambdaServiceOptions();
        if (options.MaxInstancesPerFunction < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxInstancesPerFunction must be at least 1.");

        var dotnet = options.DotnetPath ?? DotnetHost.Find();
        var host = new HostSettings(dotnet, DotnetHost.RootOf(dotnet));
        var log = TextWriter.Synchronized(options.Log);
        _events = new AsyncInvocations(options.Events, log, TimeProvider.System);
        foreach (var launch in functions)
        {
            var function = launch.Function;
            if (_byNameOrArn.ContainsKey(function.FunctionName))
                throw new ArgumentException($"Two functions are named {function.FunctionName}.", nameof(functions));

            var pool = new FunctionPool(launch, host, options.RuntimeClientPath ?? RuntimeClient.DefaultSource,
                options.MaxInstancesPerFunction, log);
            _pools.Add(pool);
            _byNameOrArn[function.FunctionName] = pool;
            _byNameOrArn[function.Arn] = pool;
            _byNameOrArn[$"{function.Arn}:$LATEST"] = pool;
        }
    }

    /// <summary>Invokes a function synchronously (Lambda's RequestResponse).</summary>
    /// <param name="cancellationToken">Stops the wait, not the invocation: as on Lambda, it runs to its end.</param>
    /// <exception cref="ArgumentException">No function has that name or ARN.</exception>
    public Task<InvocationResult> InvokeAsync(string functionArnOrName, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return PoolOf(functionArnOrName).InvokeAsync(payload, cancellationToken);
    }

    /// <summary>
    /// Invokes a function asynchronously (Lambda's InvocationType Event, the way S3 invokes it): the event is
    /// queued and this returns 202 at once; the function runs after, and a failed attempt is retried after
    /// each of <see cref="LambdaServiceOptions.Events"/>' delays. Refused with Lambda's error when the event
    /// is over 256 KB or no function has that name or ARN.
    /// </summary>
    /// <param name="description">What the event is about, for the log (<c>ObjectCreated:Put photos/…</c>).</param>
    public EventAcceptance InvokeEvent(string functionArnOrName, byte[] payload, string description)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_byNameOrArn.TryGetValue(functionArnOrName, out var pool))
            return new EventAcceptance(404, "ResourceNotFoundException", $"Function not found: {functionArnOrName}");
        var name = pool.Activity().FunctionName;
        if (payload.Length > LambdaErrors.MaxEventBytes)
        {
            pool.AddProblem($"{name}: an asynchronous event of {payload.Length:N0} bytes is over Lambda's {LambdaErrors.MaxEventBytes:N0}-byte limit; Lambda refused it (RequestEntityTooLargeException).");
            return new EventAcceptance(413, "RequestEntityTooLargeException", $"Request must be smaller than {LambdaErrors.MaxEventBytes} bytes for the InvokeFunction operation");
        }
        lock (_eventsAccepted) _eventsAccepted[pool] = _eventsAccepted.GetValueOrDefault(pool) + 1;
        _events.Invoke(name, async attempt =>
        {
            var result = await pool.InvokeAsync(attempt, CancellationToken.None, asynchronous: true);
            return result.Succeeded ? null : $"{result.ErrorType}: {result.ErrorMessage}";
        }, payload, description);
        return new EventAcceptance(202, null, null);
    }

    /// <summary>Completes when no asynchronous event is queued, running or waiting for a retry.</summary>
    public Task WhenEventsDoneAsync(CancellationToken cancellationToken = default) => _events.WhenIdleAsync(cancellationToken);

    /// <summary>What each function did so far: cold starts, init durations, outcomes, asynchronous events, problems.</summary>
    public IReadOnlyList<FunctionActivity> Activity()
    {
        var failures = _events.Failures();
        return [.. _pools.Select(pool =>
        {
            var activity = pool.Activity();
            var dropped = failures.Where(f => f.Function == activity.FunctionName).Reverse().ToList();
            int accepted;
            lock (_eventsAccepted) accepted = _eventsAccepted.GetValueOrDefault(pool);
            return activity with
            {
                Events = accepted,
                DroppedEvents = dropped.Count,
                Problems = [.. activity.Problems, .. dropped.Select(d =>
                    $"{d.Function}: all {d.Attempts.Count} attempts at an asynchronous event failed ({d.Event}); Lambda drops it. Last error: {d.Attempts[^1].Error}")],
            };
        })];
    }

    /// <summary>A function's log so far: Lambda's START/END/REPORT lines and everything its processes printed.</summary>
    public IReadOnlyList<string> LogOf(string functionArnOrName) => PoolOf(functionArnOrName).Log.Lines();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Events waiting for a retry are cancelled; attempts running get a moment, then their processes end.
        await _events.DisposeAsync();
        await Task.WhenAll(_pools.Select(pool => pool.DisposeAsync().AsTask()));
    }

    private FunctionPool PoolOf(string functionArnOrName) =>
        _byNameOrArn.TryGetValue(functionArnOrName, out var pool)
            ? pool
            : throw new ArgumentException(
                $"No function {functionArnOrName} in this rehearsal (Lambda: ResourceNotFoundException). Known: " +
                string.Join(", ", _pools.Select(p => p.Activity().FunctionName)) + ".",
                nameof(functionArnOrName));
}
