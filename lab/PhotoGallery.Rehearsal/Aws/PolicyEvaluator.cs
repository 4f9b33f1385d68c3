using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoGallery.Emulators;

namespace PhotoGallery.Rehearsal.Aws;

/// <summary>What IAM decided, or why it could not decide (<see cref="PolicyResult.Error"/>).</summary>
public enum PolicyResult
{
    Allowed,
    ImplicitlyDenied,
    ExplicitlyDenied,
    Error,
}

public sealed record PolicyDecision(PolicyResult Result, string? Error = null)
{
    public bool IsAllowed => Result == PolicyResult.Allowed;
}

/// <summary>
/// IAM's decision for one request, by <c>@cloud-copilot/iam-simulate</c> in a long-lived Node process
/// (<c>lab/emulators/iam-evaluate.mjs</c>): the rehearsal must not hand-write policy evaluation. One
/// process serves every caller; requests are matched to answers by id, so callers may evaluate concurrently.
/// </summary>
public sealed class PolicyEvaluator : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // An evaluation takes a few milliseconds; one that takes this long will not come (the caller fails closed).
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<PolicyDecision>> _pending = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _errors = new();
    private long _nextId;
    private volatile bool _stopped;

    private PolicyEvaluator(Process process) => _process = process;

    /// <summary>Installs the npm packages if needed, starts the evaluator and waits until it can answer.</summary>
    public static async Task<PolicyEvaluator> StartAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var folder = EmulatorFolder.Find();
        await Installer.EnsureInstalledAsync(folder, log, cancellationToken);
        // exit-with-parent.js: the evaluator ends with this process (its standard input closes), even if we are killed.
        var info = new ProcessStartInfo("node", ["--require", Path.Combine(folder, "exit-with-parent.js"), Path.Combine(folder, "iam-evaluate.mjs")])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        var evaluator = new PolicyEvaluator(new Process { StartInfo = info, EnableRaisingEvents = true });
        try
        {
            await evaluator.StartProcessAsync(cancellationToken);
            return evaluator;
        }
        catch
        {
            await evaluator.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// IAM's decision on <paramref name="action"/> over <paramref name="resource"/> for
    /// <paramref name="principalArn"/> holding <paramref name="identityPolicies"/> (no SCPs, no resource policy).
    /// </summary>
    public async Task<PolicyDecision> EvaluateAsync(
        IReadOnlyList<JsonObject> identityPolicies, string principalArn, string action, string resource, string accountId,
        IReadOnlyDictionary<string, string> context, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<PolicyDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            var request = new JsonObject
            {
                ["id"] = id,
                ["policies"] = new JsonArray([.. identityPolicies.Select(policy => policy.DeepClone())]),
                ["principal"] = principalArn,
                ["action"] = action,
                ["resource"] = resource,
                ["accountId"] = accountId,
                ["context"] = new JsonObject(context.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
            };
            await WriteLineAsync(request.ToJsonString(), cancellationToken);
            return await answer.Task.WaitAsync(AnswerTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new PolicyDecision(PolicyResult.Error, $"the IAM evaluator did not answer within {AnswerTimeout.TotalSeconds} s: {Errors()}");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
        FailPending("the IAM evaluator was stopped");
        _process.Dispose();
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => KeepError(e.Data);
        _process.Exited += (_, _) =>
        {
            var reason = $"the IAM evaluator (node iam-evaluate.mjs) exited: {Errors()}";
            _ready.TrySetException(new InvalidOperationException(reason));
            FailPending(reason);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await _ready.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The IAM evaluator (node iam-evaluate.mjs) was not ready within {StartTimeout.TotalSeconds} s: {Errors()}");
        }
    }

    private async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (_stopped || _process.HasExited) throw new InvalidOperationException($"The IAM evaluator is not running: {Errors()}");
            await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        JsonNode? reply;
        try
        {
            reply = JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            KeepError(line); // Not ours (a library printing): keep it for error messages.
            return;
        }
        if (reply?["ready"]?.GetValue<bool>() == true)
        {
            _ready.TrySetResult();
            return;
        }
        if (reply?["id"] is not JsonValue idValue || !idValue.TryGetValue<long>(out var id) || !_pending.TryGetValue(id, out var answer))
        {
            KeepError(line);
            return;
        }
        var decision = reply["decision"]?.GetValue<string>();
        var error = reply["error"]?.GetValue<string>();
        answer.TrySetResult(Enum.TryParse<PolicyResult>(decision, out var result) && result != PolicyResult.Error
            ? new PolicyDecision(result)
            : new PolicyDecision(PolicyResult.Error, error ?? $"unexpected answer from the IAM evaluator: {line}"));
    }

    private void FailPending(string reason)
    {
        foreach (var (_, answer) in _pending) answer.TrySetException(new InvalidOperationException(reason));
    }

    private void KeepError(string? line)
    {
        if (line is null) return;
        lock (_errors)
        {
            _errors.AppendLine(line);
            if (_errors.Length > 16 * 1024) _errors.Remove(0, _errors.Length - 16 * 1024);
        }
    }

    private string Errors()
    {
        lock (_errors) return _errors.Length == 0 ? "(it printed nothing)" : _errors.ToString().Trim();
    }
}
