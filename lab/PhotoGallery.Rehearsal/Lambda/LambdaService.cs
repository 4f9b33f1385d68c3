namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>
/// Lambda, for the rehearsal: each function started as the managed dotnet runtime starts it, in its own
/// processes behind its own Runtime API, with its timeout, memory size and payload limits. Invoke by
/// function name or ARN. A function's failure is an <see cref="InvocationResult"/>, never an exception,
/// and the other functions keep serving. Disposing ends every process.
/// </summary>
/// <remarks>
/// The runtime client (PhotoGallery.LambdaRuntime.dll) is copied into each launch's
/// <see cref="FunctionLaunch.RuntimeDirectory"/> at its first cold start unless an identical copy is there.
/// </remarks>
public sealed class LambdaService : IAsyncDisposable
{
    private readonly Dictionary<string, FunctionPool> _byNameOrArn = new(StringComparer.Ordinal);
    private readonly List<FunctionPool> _pools = [];
    private int _disposed;

    public LambdaService(IEnumerable<FunctionLaunch> functions, LambdaServiceOptions? options = null)
    {
        options ??= new LambdaServiceOptions();
        if (options.MaxInstancesPerFunction < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxInstancesPerFunction must be at least 1.");

        var dotnet = options.DotnetPath ?? DotnetHost.Find();
        var host = new HostSettings(dotnet, DotnetHost.RootOf(dotnet));
        var log = TextWriter.Synchronized(options.Log);
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

    /// <summary>What each function did so far: cold starts, init durations, outcomes, problems.</summary>
    public IReadOnlyList<FunctionActivity> Activity() => [.. _pools.Select(pool => pool.Activity())];

    /// <summary>A function's log so far: Lambda's START/END/REPORT lines and everything its processes printed.</summary>
    public IReadOnlyList<string> LogOf(string functionArnOrName) => PoolOf(functionArnOrName).Log.Lines();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
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
