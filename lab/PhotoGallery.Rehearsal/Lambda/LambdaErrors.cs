using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>
/// How Lambda reports each way an invocation fails: the error type and message the caller sees (API
/// Gateway turns every one of them into a 502), and the error document Invoke returns as the payload.
/// </summary>
public static class LambdaErrors
{
    public const int MaxRequestBytes = 6_291_456;

    /// <summary>An asynchronous invocation's event (InvocationType Event, as S3 invokes): 256 KB.</summary>
    public const int MaxEventBytes = 262_144;
    public const int MaxResponseBytes = 6_291_556;

    /// <summary>What the runtime posted to <c>/invocation/{id}/error</c> or <c>/init/error</c>.</summary>
    /// <param name="errorType">The <c>Lambda-Runtime-Function-Error-Type</c> header, else the document's.</param>
    public static InvocationResult Reported(InvocationOutcome outcome, string requestId, string? errorType, byte[] document) =>
        new(outcome, requestId, document, errorType ?? "Runtime.Unknown", MessageOf(document));

    /// <summary>The runtime process ended before it answered (during init or an invocation).</summary>
    public static InvocationResult RuntimeExited(InvocationOutcome outcome, string requestId, int exitCode) =>
        Failure(outcome, requestId, "Runtime.ExitError", LambdaLogLines.RuntimeExited(requestId, exitCode));

    /// <param name="elapsed">The time counted against the function's timeout.</param>
    public static InvocationResult TimedOut(string requestId, TimeSpan elapsed) =>
        Failure(InvocationOutcome.Timeout, requestId, "Sandbox.Timedout",
            $"RequestId: {requestId} Error: Task timed out after {elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds");

    public static InvocationResult ResponseTooLarge(string requestId) =>
        Failure(InvocationOutcome.ResponseTooLarge, requestId, "Function.ResponseSizeTooLarge",
            $"Response payload size exceeded maximum allowed payload size ({MaxResponseBytes} bytes).");

    /// <summary>Refused by the Invoke API itself: no function ran, so there is no error document.</summary>
    public static InvocationResult RequestTooLarge(string requestId) =>
        new(InvocationOutcome.RequestTooLarge, requestId, null, "RequestEntityTooLargeException",
            $"Request must be smaller than {MaxRequestBytes} bytes for the InvokeFunction operation");

    /// <summary>
    /// An error document's message with its causes, e.g. "Exception has been thrown by the target of an
    /// invocation. ---> InvalidOperationException: PHOTOS_BUCKET is not set." for a constructor's exception.
    /// </summary>
    public static string MessageOf(byte[] document)
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
            // Not Lambda's error format: show what the runtime sent.
            var raw = Encoding.UTF8.GetString(document).Trim();
            return raw.Length <= 500 ? raw : raw[..500] + "…";
        }

        static JsonElement? Cause(JsonElement error) => error.TryGetProperty("cause", out var cause) ? cause : null;
        static string StringOf(JsonElement error, string name) =>
            error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
    }

    private static InvocationResult Failure(InvocationOutcome outcome, string requestId, string errorType, string errorMessage) =>
        new(outcome, requestId, JsonSerializer.SerializeToUtf8Bytes(new { errorType, errorMessage }), errorType, errorMessage);
}
