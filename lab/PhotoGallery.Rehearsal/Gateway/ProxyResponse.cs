using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Gateway;

/// <summary>A function's Lambda proxy response (payload format 1.0), as API Gateway turns it into HTTP.</summary>
/// <param name="Headers">Every header with its values: <c>multiValueHeaders</c> merged with <c>headers</c> as API Gateway merges them.</param>
public sealed record ProxyResponse(int StatusCode, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers, byte[] Body)
{
    private static readonly HashSet<string> Members = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"];

    /// <summary>The response, or why API Gateway would call it malformed (and answer 502).</summary>
    public static (ProxyResponse? Response, string? Problem) Read(byte[] payload)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(payload);
        }
        catch (JsonException e)
        {
            return (null, $"not JSON ({e.Message})");
        }
        if (root is not JsonObject response) return (null, "not a JSON object with a statusCode");
        if (response.Select(m => m.Key).FirstOrDefault(key => !Members.Contains(key)) is { } extra)
            return (null, $"it has a member \"{extra}\" beyond statusCode, headers, multiValueHeaders, body and isBase64Encoded");
        if (response["statusCode"] is not JsonValue code || code.GetValueKind() != JsonValueKind.Number
            || !code.TryGetValue<int>(out var status) || status is < 100 or > 599)
            return (null, "statusCode is missing or not an HTTP status number");
        var (headers, headerProblem) = MergedHeaders(response["headers"], response["multiValueHeaders"]);
        if (headerProblem is not null) return (null, headerProblem);
        var (body, bodyProblem) = DecodedBody(response["body"], response["isBase64Encoded"]);
        return bodyProblem is null ? (new ProxyResponse(status, headers!, body!), null) : (null, bodyProblem);
    }

    /// <summary>
    /// multiValueHeaders, then each headers value not already among that header's values: "if the same
    /// key-value pair is specified in both, only the values from multiValueHeaders will appear".
    /// </summary>
    private static (Dictionary<string, IReadOnlyList<string>>? Headers, string? Problem) MergedHeaders(JsonNode? single, JsonNode? multi)
    {
        var merged = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        if (multi is JsonObject multiValues)
        {
            foreach (var (name, values) in multiValues)
            {
                if (values is null) continue;
                if (values is not JsonArray list || list.Any(v => Scalar(v) is null)) return (null, $"multiValueHeaders.{name} is not a list of values");
                merged[name] = [.. list.Select(v => Scalar(v)!)];
            }
        }
        else if (multi is not null)
        {
            return (null, "multiValueHeaders is not an object");
        }
        if (single is JsonObject singleValues)
        {
            foreach (var (name, value) in singleValues)
            {
                if (value is null) continue;
                if (Scalar(value) is not { } text) return (null, $"headers.{name} is not a single value");
                if (!merged.TryGetValue(name, out var values)) merged[name] = values = [];
                if (!values.Contains(text)) values.Add(text);
            }
        }
        else if (single is not null)
        {
            return (null, "headers is not an object");
        }
        return (merged.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value, StringComparer.OrdinalIgnoreCase), null);
    }

    private static (byte[]? Body, string? Problem) DecodedBody(JsonNode? body, JsonNode? base64)
    {
        if (base64 is not null && base64.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            return (null, "isBase64Encoded is not true or false");
        if (body is null) return ([], null);
        if (body.GetValueKind() != JsonValueKind.String) return (null, "body is not a string (an object must be serialized into it)");
        var text = body.GetValue<string>();
        if (base64?.GetValue<bool>() != true) return (Encoding.UTF8.GetBytes(text), null);
        try
        {
            return (Convert.FromBase64String(text), null);
        }
        catch (FormatException)
        {
            return (null, "isBase64Encoded is true but body is not base64");
        }
    }

    private static string? Scalar(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    };
}
