using System.Diagnostics;
using System.Text.Json;

namespace PhotoGallery.LambdaRuntime;

/// <summary>
/// Lambda's error format, <c>{"errorType", "errorMessage", "stackTrace": [...], "cause": {...}}</c>, written
/// for an exception as RuntimeSupport's LambdaJsonExceptionWriter writes it: the type's short name, inner
/// exceptions as <c>cause</c>, an aggregate's as <c>causes</c>.
/// </summary>
internal static class ErrorDocument
{
    public const string ContentType = "application/vnd.aws.lambda.error+json";

    public static byte[] From(Exception exception)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            Write(json, exception);
        return buffer.ToArray();
    }

    public static string TypeOf(Exception exception) => exception.GetType().Name;

    private static void Write(Utf8JsonWriter json, Exception exception)
    {
        json.WriteStartObject();
        json.WriteString("errorType", TypeOf(exception));
        json.WriteString("errorMessage", exception.Message);
        var stackTrace = StackTraceLines(exception);
        if (stackTrace.Count > 0)
        {
            json.WriteStartArray("stackTrace");
            foreach (var line in stackTrace) json.WriteStringValue(line);
            json.WriteEndArray();
        }

        if (exception.InnerException is { } inner)
        {
            json.WritePropertyName("cause");
            Write(json, inner);
        }

        if (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            json.WriteStartArray("causes");
            foreach (var each in aggregate.InnerExceptions) Write(json, each);
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static List<string> StackTraceLines(Exception exception)
    {
        if (string.IsNullOrEmpty(exception.StackTrace)) return [];
        var text = new StackTrace(exception, fNeedFileInfo: true).ToString();
        return text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
    }
}
