using System.Diagnostics;
using System.Text.Json;
using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Http;

/// <summary>
/// The stream handler every function exposes to the Lambda runtime: reads the proxy event, runs the
/// function, writes the proxy response, and logs one JSON line per request. Expected failures
/// (<see cref="GalleryException"/>) become problem responses; anything else is a bug and becomes a 500
/// carrying only the request id, while the log line keeps the exception for whoever debugs it.
/// </summary>
public static class LambdaEntryPoint
{
    public static async Task<Stream> HandleAsync(
        Stream input, Func<ApiRequest, CancellationToken, Task<ApiResponse>> handle, TextWriter? log = null)
    {
        var started = Stopwatch.GetTimestamp();
        ApiRequest? request = null;
        Exception? bug = null;
        ApiResponse response;
        try
        {
            request = await ReadEventAsync(input);
            response = await handle(request, CancellationToken.None);
        }
        catch (GalleryException expected)
        {
            response = Responses.Problem(expected.Code, expected.Message, request?.RequestId);
        }
        catch (Exception e)
        {
            bug = e;
            response = Responses.InternalError(request?.RequestId ?? "unknown");
        }

        await WriteLogLineAsync(log ?? Console.Out, request, response, Stopwatch.GetElapsedTime(started), bug);
        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, response, GalleryJson.Web.ApiResponse);
        output.Position = 0;
        return output;
    }

    private static async Task<ApiRequest> ReadEventAsync(Stream input)
    {
        try
        {
            var request = await JsonSerializer.DeserializeAsync(input, GalleryJson.Web.ApiRequest);
            if (request?.HttpMethod is not null) return request;
        }
        catch (JsonException)
        {
            // Reported below with the same message: the payload is not a proxy event either way.
        }
        throw new GalleryException(
            ErrorCode.MalformedJson, "The invocation payload is not an API Gateway proxy event (payload format 1.0).");
    }

    private static async Task WriteLogLineAsync(
        TextWriter log, ApiRequest? request, ApiResponse response, TimeSpan elapsed, Exception? bug)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", bug is null ? "INFO" : "ERROR");
            json.WriteString("requestId", request?.RequestId ?? "unknown");
            json.WriteString("route", request?.RouteKey ?? "unknown");
            json.WriteNumber("status", response.StatusCode);
            json.WriteNumber("durationMs", Math.Round(elapsed.TotalMilliseconds, 2));
            if (bug is not null)
            {
                json.WriteString("error", $"{bug.GetType().FullName}: {bug.Message}");
                json.WriteString("stackTrace", bug.StackTrace);
            }
            json.WriteEndObject();
        }
        await log.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
