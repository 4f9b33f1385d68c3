using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
    public const int MaxRequestBytes = 6_291_456;

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

    public async Task<InvocationResult> InvokeAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (payload.Length > MaxRequestBytes) return Record(RequestTooLarge(payload.Length));

        await _slots.WaitAsync(cancellationToken);
        Task<InvocationResult> run;
        lock (_gate)
        {
            // Not tied to the caller: like Lambda, a started invocation runs to its end even when the
            // caller (API Gateway at 29 s) stops waiting.
            run = RunAsync(payload);
            _running.Add(run);
        }

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
            inFlight = [.. _running];
        }

        await Task.WhenAll(all.Select(instance => instance.KillAsync()));
        await Task.WhenAll(inFlight.Select(task => task.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var instance in all) await instance.DisposeAsync();
        _slots.Dispose();
    }

    private async Task<InvocationResult> RunAsync(byte[] payload)
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

            return Record(await InvokeOnAsync(instance, requestId, payload, initDuration));
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
            return (null, null, InitFailure(requestId, new InitNotStarted(TimeSpan.Zero, 127, missingClient), 0));
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

        var failure = InitFailure(requestId, facts, instance.MaxMemoryUsedMb(), instance.LastOutputLine);
        await RetireAsync(instance, kill: facts is InitTimedOut);
        return (null, null, failure);
    }

    private InvocationResult InitFailure(string requestId, InitFacts facts, int maxMemoryUsedMb, string? lastOutputLine = null)
    {
        var (outcome, errorType, message, document, status) = facts switch
        {
            InitErrorPosted posted => (InvocationOutcome.InitError, posted.Error.ErrorType ?? "Runtime.Unknown",
                MessageOf(posted.Error.Document), posted.Error.Document, "error"),
            InitNotStarted exit => ExitFailure(InvocationOutcome.InitError, requestId, exit.ExitCode),
            InitExited exit => ExitFailure(InvocationOutcome.InitError, requestId, exit.ExitCode),
            InitTimedOut timedOut => TimeoutFailure(requestId, timedOut.Elapsed),
            _ => throw new UnreachableException($"Unexpected init facts {facts}."),
        };

        Log.Write(LambdaLogLines.InitReport(facts.Elapsed, status, status == "timeout" ? null : errorType));
        Log.Write(LambdaLogLines.Start(requestId));
        if (facts is InitNotStarted or InitExited or InitTimedOut) Log.Write(message);
        if (facts is InitNotStarted or InitExited) Log.Write(errorType);
        Log.Write(LambdaLogLines.End(requestId));
        Log.Write(LambdaLogLines.Report(requestId, facts.Elapsed, Function.MemorySize, maxMemoryUsedMb, null, status, status == "timeout" ? null : errorType));

        var cause = facts switch
        {
            InitNotStarted exit => exit.Message,
            InitExited => lastOutputLine ?? "it printed nothing",
            InitTimedOut => $"its init did not finish within {InitPhaseLimit.TotalSeconds:0} s plus its {Function.Timeout.TotalSeconds:0.##} s timeout",
            _ => message,
        };
        AddProblem($"{Function.FunctionName}: could not start ({errorType}): {cause}");
        return new InvocationResult(outcome, requestId, document, errorType, message);
    }

    private async Task<InvocationResult> InvokeOnAsync(FunctionInstance instance, string requestId, byte[] payload, TimeSpan? initDuration)
    {
        var pending = new PendingInvocation(requestId, payload, Function.Arn, NewTraceId(), DateTimeOffset.UtcNow + Function.Timeout);
        Log.Write(LambdaLogLines.Start(requestId));
        var facts = await instance.InvokeAsync(pending, Function.Timeout);
        var memory = instance.MaxMemoryUsedMb();

        InvocationResult result;
        string? status = null;
        var keepWarm = false;
        switch (facts)
        {
            case InvokeAnswered { Answer: RuntimeResponse response }:
                result = new InvocationResult(InvocationOutcome.Success, requestId, response.Payload, null, null);
                keepWarm = true;
                break;
            case InvokeAnswered { Answer: RuntimeError error }:
                result = new InvocationResult(InvocationOutcome.FunctionError, requestId, error.Document,
                    error.ErrorType ?? "Unhandled", MessageOf(error.Document));
                AddProblem($"{Function.FunctionName}: the handler failed ({result.ErrorType}): {result.ErrorMessage}");
                keepWarm = true;
                break;
            case InvokeAnswered { Answer: RuntimeResponseTooLarge tooLarge }:
                var (_, type, message, document, _) = ResponseTooLargeFailure();
                result = new InvocationResult(InvocationOutcome.ResponseTooLarge, requestId, document, type, message);
                status = "error";
                AddProblem($"{Function.FunctionName}: its response of {tooLarge.Bytes:N0} bytes is over Lambda's {RuntimeApiHost.MaxResponseBytes:N0}-byte limit ({type}).");
                break;
            case InvokeExited exited:
                var exit = ExitFailure(InvocationOutcome.RuntimeExit, requestId, exited.ExitCode);
                result = new InvocationResult(exit.Outcome, requestId, exit.Document, exit.ErrorType, exit.Message);
                Log.Write(exit.Message);
                Log.Write(exit.ErrorType);
                status = "error";
                AddProblem($"{Function.FunctionName}: its process ended during an invocation ({LambdaLogLines.ExitStatus(exited.ExitCode)}): {instance.LastOutputLine ?? "it printed nothing"}");
                break;
            case InvokeTimedOut timedOut:
                await instance.KillAsync();
                var timeout = TimeoutFailure(requestId, timedOut.Elapsed);
                result = new InvocationResult(timeout.Outcome, requestId, timeout.Document, timeout.ErrorType, timeout.Message);
                Log.Write(LambdaLogLines.TimedOut(DateTimeOffset.UtcNow, requestId, timedOut.Elapsed));
                status = "timeout";
                AddProblem($"{Function.FunctionName}: timed out after its {Function.Timeout.TotalSeconds:0.##} s timeout.");
                break;
            default:
                throw new UnreachableException($"Unexpected invocation facts {facts}.");
        }

        Log.Write(LambdaLogLines.End(requestId));
        Log.Write(LambdaLogLines.Report(requestId, facts.Elapsed, Function.MemorySize, memory, initDuration,
            status, status == "error" ? result.ErrorType : null));
        if (memory > Function.MemorySize)
            AddProblem($"{Function.FunctionName}: used {memory} MB, more than its {Function.MemorySize} MB; on Lambda it would be stopped (Runtime.OutOfMemory).");

        if (keepWarm && !instance.HasExited) ReturnWarm(instance);
        else await RetireAsync(instance, kill: status == "timeout");
        return result;
    }

    private static (InvocationOutcome Outcome, string ErrorType, string Message, byte[] Document, string Status) ExitFailure(
        InvocationOutcome outcome, string requestId, int exitCode)
    {
        var message = LambdaLogLines.RuntimeExited(requestId, exitCode);
        return (outcome, "Runtime.ExitError", message, ErrorDocument("Runtime.ExitError", message), "error");
    }

    private static (InvocationOutcome Outcome, string ErrorType, string Message, byte[] Document, string Status) TimeoutFailure(
        string requestId, TimeSpan elapsed)
    {
        var message = $"RequestId: {requestId} Error: Task timed out after {elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds";
        return (InvocationOutcome.Timeout, "Sandbox.Timedout", message, ErrorDocument("Sandbox.Timedout", message), "timeout");
    }

    private static (InvocationOutcome Outcome, string ErrorType, string Message, byte[] Document, string Status) ResponseTooLargeFailure()
    {
        var message = $"Response payload size exceeded maximum allowed payload size ({RuntimeApiHost.MaxResponseBytes} bytes).";
        return (InvocationOutcome.ResponseTooLarge, "Function.ResponseSizeTooLarge", message,
            ErrorDocument("Function.ResponseSizeTooLarge", message), "error");
    }

    private InvocationResult RequestTooLarge(int bytes)
    {
        AddProblem($"{Function.FunctionName}: an event of {bytes:N0} bytes is over Lambda's {MaxRequestBytes:N0}-byte limit; Lambda refused it (RequestEntityTooLargeException).");
        return new InvocationResult(InvocationOutcome.RequestTooLarge, Guid.NewGuid().ToString(), null,
            "RequestEntityTooLargeException", $"Request must be smaller than {MaxRequestBytes} bytes for the InvokeFunction operation");
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

    private void AddProblem(string problem)
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

    /// <summary>The error's message with its causes, e.g. a constructor's exception inside Activator's TargetInvocationException.</summary>
    internal static string MessageOf(byte[] document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            var text = new StringBuilder();
            for (JsonElement? error = json.RootElement; error is { ValueKind: JsonValueKind.Object } e; error = Cause(e))
            {
                if (text.Length > 0) text.Append(" ---> ").Append(StringOf(e, "errorType")).Append(": ");
                text.Append(StringOf(e, "errorMessage"));
            }

            return text.ToString();
        }
        catch (JsonException)
        {
            var raw = Encoding.UTF8.GetString(document).Trim();
            return raw.Length <= 500 ? raw : raw[..500] + "…";
        }

        static JsonElement? Cause(JsonElement error) => error.TryGetProperty("cause", out var cause) ? cause : null;
        static string StringOf(JsonElement error, string name) =>
            error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
    }

    private static byte[] ErrorDocument(string errorType, string errorMessage) =>
        JsonSerializer.SerializeToUtf8Bytes(new { errorType, errorMessage });

    // X-Ray's trace header: Root=1-<epoch seconds, hex>-<96 random bits>;Parent=<64 bits>;Sampled=0
    private static string NewTraceId() =>
        $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))};" +
        $"Parent={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))};Sampled=0";
}
