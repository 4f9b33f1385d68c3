using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>Temporary credentials, as Lambda gives each function's role (AWS_ACCESS_KEY_ID, ...).</summary>
public sealed record SessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken);

/// <summary>Everything needed to start instances of one function.</summary>
/// <param name="TaskRoot">The unzipped package (Lambda's <c>/var/task</c>).</param>
/// <param name="RuntimeDirectory">The folder holding the runtime client (Lambda's <c>/var/runtime</c>).</param>
/// <param name="AwsEndpoint">
/// The rehearsal's stand-in for AWS's network: given to the function as <c>AWS_ENDPOINT_URL</c>, the one
/// variable that neither the template nor Lambda sets.
/// </param>
public sealed record FunctionLaunch(
    LambdaFunction Function,
    string TaskRoot,
    string RuntimeDirectory,
    Uri AwsEndpoint,
    SessionCredentials Credentials,
    string Region);

public enum InvocationOutcome
{
    /// <summary>The function answered; <see cref="InvocationResult.Payload"/> holds its response.</summary>
    Success,

    /// <summary>The handler threw (the runtime posted to <c>/invocation/{id}/error</c>): Lambda's <c>Unhandled</c>.</summary>
    FunctionError,

    /// <summary>The instance could not start: the bootstrap exited, or the runtime posted to <c>/init/error</c>.</summary>
    InitError,

    /// <summary>The function ran past its timeout; its instance was killed.</summary>
    Timeout,

    /// <summary>The process ended mid-invocation (Runtime.ExitError).</summary>
    RuntimeExit,

    /// <summary>The event was over 6,291,456 bytes: Lambda refused it before any instance saw it.</summary>
    RequestTooLarge,

    /// <summary>The function's response was over the limit (Runtime API answered 413).</summary>
    ResponseTooLarge,
}

/// <param name="ErrorType">Lambda's error type, e.g. <c>Runtime.ExitError</c>, <c>Sandbox.Timedout</c>.</param>
public sealed record InvocationResult(
    InvocationOutcome Outcome, string RequestId, byte[]? Payload, string? ErrorType, string? ErrorMessage)
{
    public bool Succeeded => Outcome == InvocationOutcome.Success;
}

/// <summary>What one function did during the rehearsal, for the report.</summary>
/// <param name="Invocations">Every invocation, synchronous or an attempt at an asynchronous event.</param>
public sealed record FunctionActivity(
    string FunctionName,
    int ColdStarts,
    IReadOnlyList<TimeSpan> InitDurations,
    int Invocations,
    IReadOnlyDictionary<InvocationOutcome, int> Outcomes,
    IReadOnlyList<string> Problems)
{
    /// <summary>Asynchronous events accepted for it (Invoke with InvocationType Event: S3 notifications).</summary>
    public int Events { get; init; }

    /// <summary>Those whose every attempt failed: Lambda drops them (no dead-letter queue or on-failure destination here).</summary>
    public int DroppedEvents { get; init; }
}

/// <summary>Lambda's answer to an asynchronous Invoke: 202 when the event is queued, else the error it refused it with.</summary>
public sealed record EventAcceptance(int StatusCode, string? ErrorType, string? ErrorMessage)
{
    public bool Accepted => StatusCode == 202;
}
