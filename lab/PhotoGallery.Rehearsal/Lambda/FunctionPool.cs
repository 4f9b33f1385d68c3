using System.Diagnostics;
using System.Security.Cryptography;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>
/// The instances of one function: cold-started on demand, up to a maximum, each serving one invocation at
/// a time (callers beyond that wait their turn), warm ones reused most-recent first. Every way an
/// invocation can end becomes an <see cref="InvocationResult"/> and Lambda's log lines; nothing here
/// throws for a function's failure.
/// </summary>
internal sealed class FunctionPool : IAsyncDisposable
{
    // On-demand init has 10 s of its own; past that Lambda re-runs init inside the invocation, under
    // the function's timeout.
    private static readonly TimeSpan InitPhaseLimit = TimeSpan.FromSeconds(10);

    private readonly FunctionLaunch _launch;
    private readonly HostSettings _host;
    private readonly string _runtimeClientSource;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<FunctionInstance> _warm = new();
    private readonly HashSet<FunctionInstance> _instances = [];
    private readonly HashSet<Task> _running = [];
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _initDurations = [];
    private readonly Dictionary<InvocationOutcome, int> _outcomes = [];
    private readonly List<string> _problems;
    private int _coldStarts;
    private int _invocations;
    private bool _disposed;

    public FunctionPool(FunctionLaunch launch, HostSettings host, string runtimeClientSource, int maxInstances, TextWriter sink)
    {
        _launch = launch;
        _host = host;
        _runtimeClientSource = runtimeClientSource;
        _slots = new SemaphoreSlim(maxInstances, maxInstances);
        Log = new FunctionLog(launch.Function.FunctionName, sink);
        _problems = [.. FunctionEnvironment.Problems(launch.Function)];
    }

    public FunctionLog Log { get; }

    private LambdaFunction Function => _launch.Function;

    /// <param name="asynchronous">
    /// An attempt at an asynchronous event (Lambda retries it): the handler's own failure is then not a
    /// problem by itself (the event's last attempt decides), while a crash, a timeout or too much memory still is.
    /// </param>
    public async Task<InvocationResult> InvokeAsync(byte[] payload, CancellationToken cancellationToken, bool asynchronous = false)
    {
        if (payload.Length > LambdaErrors.MaxRequestBytes) return Record(RequestTooLarge(payload.Length));

        await _slots.WaitAsync(cancellationToken);
        // Not tied to the caller: like Lambda, a started invocation runs to its end even when the caller
        // (API Gateway at 29 s) stops waiting.
        var run = RunAsync(payload, asynchronous);
        lock (_gate) _running.Add(run);
        _ = run.ContinueWith(done => { lock (_gate) _running.Remove(done); }, TaskScheduler.Default);
        return await run.WaitAsync(cancellationToken);
    }

    public FunctionActivity Activity()
    {
        lock (_gate)
            return new FunctionActivity(
                Function.FunctionName, _coldStarts, [.. _initDurations], _invocations,
                new Dictionary<InvocationOutcome, int>(_outcomes), [.. _problems]);
    }

    public async ValueTask DisposeAsync()
    {
        List<FunctionInstance> all;
        List<Task> inFlight;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _instances];
            _instances.Clear();
            inFlight = [.. _running];
        }

        // Killing the processes ends the invocations in flight (as RuntimeExit); then their listeners go.
        // The semaphore is not disposed: callers still waiting for a slot get ObjectDisposedException
        // from the cold start instead of waiting forever.
        await Task.WhenAll(all.Select(instance => instance.KillAsync()));
        await Task.WhenAll(inFlight.Select(task => task.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var instance in all) await instance.DisposeAsync();
    }

    private async Task<InvocationResult> RunAsync(byte[] payload, bool asynchronous)
    {
        try
        {
            var requestId = Guid.NewGuid().ToString();
            var instance = TakeWarm();
            TimeSpan? initDuration = null;
            if (instance is null)
            {
                var (started, init, failure) = await ColdStartAsync(requestId);
                if (failure is not null) return Record(failure);
                (instance, initDuration) = (started!, init);
            }

            return Record(await InvokeOnAsync(instance, requestId, payload, initDuration, asynchronous));
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<(FunctionInstance? Instance, TimeSpan? InitDuration, InvocationResult? Failure)> ColdStartAsync(string requestId)
    {
        lock (_gate) _coldStarts++;
        var missingClient = RuntimeClient.EnsureIn(_launch.RuntimeDirectory, _runtimeClientSource);
        if (missingClient is not null)
        {
            Log.Write(missingClient);
            return (null, null, InitFailed(requestId, new InitNotStarted(TimeSpan.Zero, 127, missingClient), 0, null));
        }

        var instance = await FunctionInstance.CreateAsync(_launch, Log, CancellationToken.None);
        bool added;
        lock (_gate) added = !_disposed && _instances.Add(instance);
        if (!added)
        {
            await instance.DisposeAsync();
            throw new ObjectDisposedException(nameof(LambdaService));
        }

        var facts = await instance.StartAsync(_host, InitPhaseLimit + Function.Timeout);
        if (facts is InitReady ready)
        {
            lock (_gate) _initDurations.Add(ready.Elapsed);
            return (instance, ready.Elapsed, null);
        }

        if (facts is InitErrorPosted) await instance.WaitForOutputAsync("init");
        var failure = InitFailed(requestId, facts, instance.MaxMemoryUsedMb(), instance.FirstOutputLine);
        await RetireAsync(instance, kill: facts is InitTimedOut);
        return (null, null, failure);
    }

    // Lambda's log of a failed init: INIT_REPORT, then the invocation that could not run.
    private InvocationResult InitFailed(string requestId, InitFacts facts, int maxMemoryUsedMb, string? firstOutputLine)
    {
        var result = facts switch
        {
            InitErrorPosted posted => LambdaErrors.Reported(InvocationOutcome.InitError, requestId, posted.Error.ErrorType, posted.Error.Document),
            InitNotStarted exit => LambdaErrors.RuntimeExited(InvocationOutcome.InitError, requestId, exit.ExitCode),
            InitExited exit => LambdaErrors.RuntimeExited(InvocationOutcome.InitError, requestId, exit.ExitCode),
            // Lambda retries a too-long init inside the invocation; only that part counts against the timeout.
            InitTimedOut timedOut => LambdaErrors.TimedOut(requestId, timedOut.Elapsed - InitPhaseLimit),
            _ => throw new UnreachableException($"Unexpected init facts {facts}."),
        };
        var timedOutInit = facts is InitTimedOut;
        var errorType = timedOutInit ? null : result.ErrorType;
        var status = timedOutInit ? "timeout" : "error";

        Log.Write(LambdaLogLines.InitReport(facts.Elapsed, status, errorType));
        Log.Write(LambdaLogLines.Start(requestId));
        if (facts is not InitErrorPosted) Log.Write(result.ErrorMessage!);
        if (facts is InitNotStarted or InitExited) Log.Write(result.ErrorType!);
        Log.Write(LambdaLogLines.End(requestId));
        Log.Write(LambdaLogLines.Report(requestId, facts.Elapsed, Function.MemorySize, maxMemoryUsedMb, null, status, errorType));

        var cause = facts switch
        {
            InitNotStarted exit => exit.Message,
            InitExited => firstOutputLine ?? "it printed nothing",
            InitTimedOut => $"its init did not finish within Lambda's {InitPhaseLimit.TotalSeconds:0} s plus its {Function.Timeout.TotalSeconds:0.##} s timeout",
            _ => result.ErrorMessage,
        };
        AddProblem($"{Function.FunctionName}: could not start ({result.ErrorType}): {cause}");
        return result;
    }

    private async Task<InvocationResult> InvokeOnAsync(FunctionInstance instance, string requestId, byte[] payload, TimeSpan? initDuration, bool asynchronous)
    {
        var pending = new PendingInvocation(requestId, payload, Function.Arn, NewTraceId(), DateTimeOffset.UtcNow + Function.Timeout);
        Log.Write(LambdaLogLines.Start(requestId));
        var facts = await instance.InvokeAsync(pending, Function.Timeout);
        var memory = instance.MaxMemoryUsedMb();
        if (facts is InvokeTimedOut) await instance.KillAsync();
        else await instance.WaitForOutputAsync(requestId);

        var (result, status) = facts switch
        {
            InvokeAnswered { Answer: RuntimeResponse response } =>
                (new InvocationResult(InvocationOutcome.Success, requestId, response.Payload, null, null), (string?)null),
            InvokeAnswered { Answer: RuntimeError error } =>
                (LambdaErrors.Reported(InvocationOutcome.FunctionError, requestId, error.ErrorType, error.Document), null),
            InvokeAnswered { Answer: RuntimeResponseTooLarge } => (LambdaErrors.ResponseTooLarge(requestId), "error"),
            InvokeExited exited => (LambdaErrors.RuntimeExited(InvocationOutcome.RuntimeExit, requestId, exited.ExitCode), "error"),
            InvokeTimedOut timedOut => (LambdaErrors.TimedOut(requestId, timedOut.Elapsed), "timeout"),
            _ => throw new UnreachableException($"Unexpected invocation facts {facts}."),
        };

        if (facts is InvokeExited)
        {
            Log.Write(result.ErrorMessage!);
            Log.Write(result.ErrorType!);
        }

        if (facts is InvokeTimedOut) Log.Write(LambdaLogLines.TimedOut(DateTimeOffset.UtcNow, requestId, facts.Elapsed));
        Log.Write(LambdaLogLines.End(requestId));
        Log.Write(LambdaLogLines.Report(requestId, facts.Elapsed, Function.MemorySize, memory, initDuration,
            status, status == "error" ? result.ErrorType : null));
        ReportProblems(facts, result, memory, instance.LastOutputLine, asynchronous);

        // A handler's exception leaves the runtime serving; anything else ends the instance, as on Lambda.
        if (result.Outcome is InvocationOutcome.Success or InvocationOutcome.FunctionError && !instance.HasExited) ReturnWarm(instance);
        else await RetireAsync(instance, kill: facts is InvokeTimedOut);
        return result;
    }

    private void ReportProblems(InvokeFacts facts, InvocationResult result, int memory, string? lastOutputLine, bool asynchronous)
    {
        var name = Function.FunctionName;
        var problem = facts switch
        {
            InvokeAnswered { Answer: RuntimeError } when asynchronous => null,
            InvokeAnswered { Answer: RuntimeError } => $"{name}: the handler failed ({result.ErrorType}): {result.ErrorMessage}",
            InvokeAnswered { Answer: RuntimeResponseTooLarge tooLarge } =>
                $"{name}: its response of {tooLarge.Bytes:N0} bytes is over Lambda's {LambdaErrors.MaxResponseBytes:N0}-byte limit ({result.ErrorType}).",
            InvokeExited exited =>
                $"{name}: its process ended during an invocation ({LambdaLogLines.ExitStatus(exited.ExitCode)}): {lastOutputLine ?? "it printed nothing"}",
            InvokeTimedOut => $"{name}: timed out after its {Function.Timeout.TotalSeconds:0.##} s timeout.",
            _ => null,
        };
        if (problem is not null) AddProblem(problem);
        if (memory > Function.MemorySize)
            AddProblem($"{name}: used {memory} MB, more than its {Function.MemorySize} MB; on Lambda it would be stopped (Runtime.OutOfMemory).");
    }

    private InvocationResult RequestTooLarge(int bytes)
    {
        AddProblem($"{Function.FunctionName}: an event of {bytes:N0} bytes is over Lambda's {LambdaErrors.MaxRequestBytes:N0}-byte limit; Lambda refused it (RequestEntityTooLargeException).");
        return LambdaErrors.RequestTooLarge(Guid.NewGuid().ToString());
    }

    private InvocationResult Record(InvocationResult result)
    {
        lock (_gate)
        {
            _invocations++;
            _outcomes[result.Outcome] = _outcomes.GetValueOrDefault(result.Outcome) + 1;
        }

        return result;
    }

    public void AddProblem(string problem)
    {
        lock (_gate)
            if (!_problems.Contains(problem)) _problems.Add(problem);
    }

    private FunctionInstance? TakeWarm()
    {
        while (true)
        {
            FunctionInstance? instance;
            lock (_gate)
                if (!_warm.TryPop(out instance)) return null;
            // An instance whose process died while idle is of no use: a fresh one will start.
            if (!instance.HasExited) return instance;
            _ = RetireAsync(instance, kill: true);
        }
    }

    private void ReturnWarm(FunctionInstance instance)
    {
        lock (_gate) _warm.Push(instance);
    }

    private async Task RetireAsync(FunctionInstance instance, bool kill)
    {
        if (kill) await instance.KillAsync();
        else await instance.RetireAsync();
        lock (_gate)
            if (!_instances.Remove(instance)) return;
        await instance.DisposeAsync();
    }

    // X-Ray's trace header: Root=1-<epoch seconds, hex>-<96 random bits>;Parent=<64 bits>;Sampled=0
    private static string NewTraceId() =>
        $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))};" +
        $"Parent={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))};Sampled=0";
}
