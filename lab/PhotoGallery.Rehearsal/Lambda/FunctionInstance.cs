using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PhotoGallery.LambdaRuntime;

namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>The dotnet host that starts every instance, and its root (exported as DOTNET_ROOT).</summary>
internal sealed record HostSettings(string DotnetExecutable, string DotnetRoot);

/// <summary>How an instance's start ended.</summary>
internal abstract record InitFacts(TimeSpan Elapsed);

internal sealed record InitReady(TimeSpan Elapsed) : InitFacts(Elapsed);

/// <summary>The process never ran the runtime: the bootstrap exited, or dotnet could not be started.</summary>
internal sealed record InitNotStarted(TimeSpan Elapsed, int ExitCode, string Message) : InitFacts(Elapsed);

internal sealed record InitErrorPosted(TimeSpan Elapsed, RuntimeError Error) : InitFacts(Elapsed);

internal sealed record InitExited(TimeSpan Elapsed, int ExitCode) : InitFacts(Elapsed);

internal sealed record InitTimedOut(TimeSpan Elapsed) : InitFacts(Elapsed);

/// <summary>How one invocation on a running instance ended.</summary>
internal abstract record InvokeFacts(TimeSpan Elapsed);

internal sealed record InvokeAnswered(TimeSpan Elapsed, RuntimeAnswer Answer) : InvokeFacts(Elapsed);

internal sealed record InvokeExited(TimeSpan Elapsed, int ExitCode) : InvokeFacts(Elapsed);

internal sealed record InvokeTimedOut(TimeSpan Elapsed) : InvokeFacts(Elapsed);

/// <summary>
/// One execution environment of a function: its Runtime API listener and the process the dotnet bootstrap
/// would start, with exactly the environment Lambda would give it. One invocation at a time.
/// </summary>
internal sealed class FunctionInstance : IAsyncDisposable
{
    private const int RecentLines = 5;
    private readonly FunctionLaunch _launch;
    private readonly RuntimeApiHost _api;
    private readonly FunctionLog _log;
    private readonly Queue<string> _recentOutput = new();
    private readonly Dictionary<string, (int Seen, TaskCompletionSource Done)> _outputMarks = [];
    private readonly Lock _gate = new();
    private Process? _process;
    private Task _exited = Task.CompletedTask;
    private Task _output = Task.CompletedTask;
    private long _startedAt;
    private int _maxMemoryUsedMb;
    private bool _killed;
    private int _disposed;

    private FunctionInstance(FunctionLaunch launch, RuntimeApiHost api, FunctionLog log)
    {
        _launch = launch;
        _api = api;
        _log = log;
    }

    public bool HasExited => _process is null || _exited.IsCompleted;

    /// <summary>The first line the process printed: the headline when it could not start (e.g. the dotnet host's error).</summary>
    public string? FirstOutputLine { get; private set; }

    /// <summary>The last line the process printed: the cause when it ended mid-invocation.</summary>
    public string? LastOutputLine
    {
        get
        {
            lock (_gate) return _recentOutput.LastOrDefault(line => line.Trim().Length > 0);
        }
    }

    public static async Task<FunctionInstance> CreateAsync(FunctionLaunch launch, FunctionLog log, CancellationToken cancellationToken) =>
        new(launch, await RuntimeApiHost.StartAsync(cancellationToken), log);

    /// <summary>
    /// Runs the bootstrap's decisions and starts the process; waits until the runtime asks for its first
    /// event, reports an init error, exits, or runs out of <paramref name="budget"/>.
    /// </summary>
    public async Task<InitFacts> StartAsync(HostSettings host, TimeSpan budget)
    {
        _startedAt = Stopwatch.GetTimestamp();
        var environment = FunctionEnvironment.Build(_launch, new InstanceSettings(
            _api.Address, NewLogStreamName(), host.DotnetRoot, _launch.RuntimeDirectory)).Variables;
        var decision = LambdaBootstrap.Decide(new BootstrapInput(
            environment,
            HandlerArgument: null,
            LambdaBootstrap.ReadTaskRoot(_launch.TaskRoot),
            Path.Combine(_launch.RuntimeDirectory, RuntimeClient.FileName),
            host.DotnetExecutable));

        switch (decision)
        {
            case BootstrapExit exit:
                Print(exit.Message);
                return new InitNotStarted(Elapsed(), exit.ExitCode, exit.Message);
            case BootstrapExec exec:
                var failure = TryStart(exec, environment);
                if (failure is not null) return failure;
                break;
            default:
                throw new UnreachableException($"Unknown bootstrap decision {decision}.");
        }

        return await WaitForInitAsync(budget);
    }

    public async Task<InvokeFacts> InvokeAsync(PendingInvocation invocation, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = _api.DeliverAsync(invocation);
        // Only the clock or the process ends an invocation: disposing the service kills the process.
        using var timer = new CancellationTokenSource();
        var deadline = Task.Delay(timeout, timer.Token);
        var first = await Task.WhenAny(answer, _exited, deadline);
        await timer.CancelAsync();
        SampleMemory();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (first == answer) return new InvokeAnswered(elapsed, await answer);
        if (first == _exited) return new InvokeExited(elapsed, ExitCode());
        // The timer can fire a few milliseconds before the stopwatch reaches the timeout (0.99 s seen for 1 s);
        // Lambda ends an invocation only once its timeout has passed, so that is the least it reports.
        return new InvokeTimedOut(elapsed < timeout ? timeout : elapsed);
    }

    /// <summary>
    /// Waits until the process's output for <paramref name="token"/> (a request id, or "init") has been read
    /// from both pipes, so that Lambda's END line follows it; a second at most, or until the process ends.
    /// </summary>
    public async Task WaitForOutputAsync(string token)
    {
        Task marked;
        lock (_gate) marked = OutputMark(token).Done.Task;
        var ended = _exited.ContinueWith(_ => _output, TaskScheduler.Default).Unwrap();
        await Task.WhenAny(marked, ended, Task.Delay(TimeSpan.FromSeconds(1)));
        lock (_gate) _outputMarks.Remove(token);
    }

    /// <summary>The process's peak resident memory so far (VmHWM), as Lambda's "Max Memory Used".</summary>
    public int MaxMemoryUsedMb()
    {
        SampleMemory();
        return _maxMemoryUsedMb;
    }

    /// <summary>Ends the process tree and waits for it and its output.</summary>
    public async Task KillAsync()
    {
        Process? running;
        lock (_gate)
        {
            _killed = true;
            running = _process;
        }

        if (running is null) return;
        try
        {
            running.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        await _exited;
        await Task.WhenAny(_output, Task.Delay(TimeSpan.FromSeconds(2)));
    }

    /// <summary>Gives a runtime that is ending by itself (after an init error, after a 413) a moment, then kills it.</summary>
    public async Task RetireAsync()
    {
        await Task.WhenAny(_exited, Task.Delay(TimeSpan.FromSeconds(2)));
        await KillAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await KillAsync();
        _process?.Dispose();
        await _api.DisposeAsync();
    }

    private InitNotStarted? TryStart(BootstrapExec exec, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(exec.FileName)
        {
            WorkingDirectory = _launch.TaskRoot,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in exec.Arguments) start.ArgumentList.Add(argument);
        // Nothing of the rehearsal's own environment reaches the function.
        start.Environment.Clear();
        foreach (var (key, value) in environment) start.Environment[key] = value;

        try
        {
            lock (_gate)
            {
                // Killed before it started: the service is being disposed.
                if (_killed) return new InitNotStarted(Elapsed(), 128 + 9, "The rehearsal stopped before the function started.");
                _process = Process.Start(start) ?? throw new Win32Exception($"{exec.FileName} did not start.");
                _exited = _process.WaitForExitAsync();
            }
        }
        catch (Win32Exception e)
        {
            var message = $"Could not start {exec.FileName}: {e.Message}. Is .NET installed where the rehearsal looked for it?";
            Print(message);
            return new InitNotStarted(Elapsed(), 127, message);
        }

        // Lambda gives the runtime no input.
        _process.StandardInput.Close();
        _output = Task.WhenAll(PumpAsync(_process.StandardOutput), PumpAsync(_process.StandardError));
        return null;
    }

    private async Task<InitFacts> WaitForInitAsync(TimeSpan budget)
    {
        using var timer = new CancellationTokenSource();
        var deadline = Task.Delay(budget, timer.Token);
        var first = await Task.WhenAny(_api.Ready, _api.InitError, _exited, deadline);
        await timer.CancelAsync();
        SampleMemory();
        if (first == _api.Ready) return new InitReady(Stopwatch.GetElapsedTime(_startedAt, await _api.Ready));
        if (first == _api.InitError) return new InitErrorPosted(Elapsed(), await _api.InitError);
        if (first == _exited)
        {
            // Give the output a moment to arrive: the reason is usually its last line.
            await Task.WhenAny(_output, Task.Delay(TimeSpan.FromSeconds(1)));
            return new InitExited(Elapsed(), ExitCode());
        }

        // As for an invocation: the timer may fire a hair early, and the budget is the least that has passed.
        return new InitTimedOut(Elapsed() < budget ? budget : Elapsed());
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(RuntimeProtocol.OutputMark, StringComparison.Ordinal)) Marked(line[RuntimeProtocol.OutputMark.Length..]);
            else Print(line);
        }
    }

    // The runtime client marks both stdout and stderr: the output is complete when both marks are read.
    private void Marked(string token)
    {
        lock (_gate)
        {
            var (seen, done) = OutputMark(token);
            _outputMarks[token] = (seen + 1, done);
            if (seen + 1 == 2) done.TrySetResult();
        }
    }

    private (int Seen, TaskCompletionSource Done) OutputMark(string token)
    {
        if (!_outputMarks.TryGetValue(token, out var mark))
            _outputMarks[token] = mark = (0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return mark;
    }

    private void Print(string line)
    {
        lock (_gate)
        {
            if (FirstOutputLine is null && line.Trim().Length > 0) FirstOutputLine = line;
            _recentOutput.Enqueue(line);
            if (_recentOutput.Count > RecentLines) _recentOutput.Dequeue();
        }

        _log.Write(line);
    }

    private int ExitCode() => _process is { HasExited: true } p ? p.ExitCode : -1;

    private TimeSpan Elapsed() => Stopwatch.GetElapsedTime(_startedAt);

    private void SampleMemory()
    {
        if (_process is null || _exited.IsCompleted) return;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kilobytes = long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                _maxMemoryUsedMb = Math.Max(_maxMemoryUsedMb, (int)Math.Ceiling(kilobytes / 1024.0));
                return;
            }
        }
        catch (IOException)
        {
            // The process ended between the check and the read: keep the last sample.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to read (should not happen for our own child): keep the last sample.
        }
    }

    // Lambda's form: 2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef
    private static string NewLogStreamName() =>
        $"{DateTime.UtcNow.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)}/[$LATEST]{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
}
