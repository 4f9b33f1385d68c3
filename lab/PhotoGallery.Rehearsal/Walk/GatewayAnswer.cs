using System.Net;
using System.Text.Json;

namespace PhotoGallery.Rehearsal.Walk;

/// <summary>
/// An HTTP answer from the API, read once, telling API Gateway's own answers (a <c>{"message"}</c> body
/// with an <c>x-amzn-ErrorType</c> header) from the function's (problem details with a <c>code</c>).
/// </summary>
public sealed record GatewayAnswer(HttpStatusCode Status, string Body, string? ErrorType, string? AllowOrigin, string? Code)
{
    public int StatusCode => (int)Status;

    /// <summary>True when API Gateway answered itself (authorizer, missing route, limits, integration failures).</summary>
    public bool FromGateway => ErrorType is not null;

    public static async Task<GatewayAnswer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new GatewayAnswer(response.StatusCode, body, Header(response, "x-amzn-ErrorType"),
            Header(response, "Access-Control-Allow-Origin"), ProblemCode(body));
    }

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>What a report shows: status, and the problem code or gateway message.</summary>
    public string Describe() =>
        $"{StatusCode} {(FromGateway ? $"from API Gateway ({ErrorType}): {Shorten(Body)}" : Code ?? (Body.Length == 0 ? "(no body)" : Shorten(Body)))}";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    private static string? ProblemCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("code", out var code)
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
