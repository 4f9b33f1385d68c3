using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// S3's POST policy (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html):
/// the base64 JSON document <c>{"expiration": …, "conditions": […]}</c> a browser form upload carries in
/// its <c>policy</c> field, and the checks S3 makes of a form against it. The local store signs and checks
/// its own uploads with it, and the rehearsal's S3 stand-in checks the SDK's, so both refuse what S3 refuses.
/// Conditions: <c>{"field": "value"}</c> and <c>["eq", "$field", "value"]</c> (exact),
/// <c>["starts-with", "$field", "prefix"]</c>, and <c>["content-length-range", min, max]</c> (the file's size).
/// </summary>
public sealed class PostPolicy
{
    /// <summary>The form fields no condition needs to name (S3: the policy, the signature, the file, <c>x-ignore-*</c>).</summary>
    private static readonly HashSet<string> Uncovered = new(StringComparer.OrdinalIgnoreCase) { "policy", "x-amz-signature", "file" };

    private readonly List<(string Kind, string Field, string Value, string Text)> _conditions;

    private PostPolicy(DateTimeOffset expiration, List<(string, string, string, string)> conditions, long? minimum, long? maximum)
    {
        Expiration = expiration;
        _conditions = conditions;
        MinimumSize = minimum;
        MaximumSize = maximum;
    }

    public DateTimeOffset Expiration { get; }

    /// <summary>The smallest file the policy allows (<c>content-length-range</c>), if it says.</summary>
    public long? MinimumSize { get; }

    /// <summary>The largest file the policy allows (<c>content-length-range</c>), if it says.</summary>
    public long? MaximumSize { get; }

    /// <summary>A policy as S3 reads it: base64 of JSON, the expiration ISO 8601 UTC.</summary>
    public static string Encode(DateTimeOffset expiration, params JsonNode[] conditions)
    {
        var document = new JsonObject
        {
            ["expiration"] = expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["conditions"] = new JsonArray(conditions),
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(document.ToJsonString()));
    }

    public static JsonNode Exact(string field, string value) => new JsonObject { [field] = value };

    public static JsonNode ContentLengthRange(long minimum, long maximum) => new JsonArray("content-length-range", minimum, maximum);

    /// <summary>Reads a policy field; <c>null</c> with S3's reason when it is not a policy.</summary>
    public static PostPolicy? Parse(string? base64, out string problem)
    {
        problem = "Invalid Policy: Invalid JSON.";
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(Convert.FromBase64String(base64 ?? "")) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
        if (document?["expiration"] is not JsonValue expirationValue || !expirationValue.TryGetValue<string>(out var expirationText)
            || !DateTimeOffset.TryParse(expirationText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiration))
        {
            problem = "Invalid Policy: Policy missing expiration.";
            return null;
        }
        if (document["conditions"] is not JsonArray list)
        {
            problem = "Invalid Policy: Policy missing conditions.";
            return null;
        }
        var conditions = new List<(string, string, string, string)>();
        long? minimum = null, maximum = null;
        foreach (var node in list)
        {
            var text = node?.ToJsonString() ?? "null";
            problem = $"Invalid Policy: Invalid Condition: {text}";
            switch (node)
            {
                case JsonObject { Count: 1 } exact when exact.Single().Value is JsonValue value && value.TryGetValue<string>(out var expected):
                    conditions.Add(("eq", exact.Single().Key, expected, text));
                    break;
                case JsonArray { Count: 3 } array when Text(array[0]) is "content-length-range":
                    if (Number(array[1]) is not { } low || Number(array[2]) is not { } high || low < 0 || high < low) return null;
                    (minimum, maximum) = (low, high);
                    break;
                case JsonArray { Count: 3 } array when Text(array[0]) is { } kind && kind.ToLowerInvariant() is "eq" or "starts-with"
                        && Text(array[1]) is { Length: > 1 } field && field[0] == '$' && Text(array[2]) is { } value:
                    conditions.Add((kind.ToLowerInvariant(), field[1..], value, text));
                    break;
                default:
                    return null;
            }
        }
        problem = "";
        return new PostPolicy(expiration, conditions, minimum, maximum);
    }

    /// <summary>
    /// Checks the form fields as S3 does before it takes the file: not expired, every condition met (the
    /// <c>bucket</c> condition against the bucket posted to), every field named by a condition. Returns
    /// S3's message when the form is refused (403 AccessDenied), else <c>null</c>. The size is checked as the file arrives.
    /// </summary>
    public string? Check(IReadOnlyDictionary<string, string> fields, string bucket, DateTimeOffset now, params string[] unsignedFields)
    {
        if (now > Expiration) return "Invalid according to Policy: Policy expired.";
        foreach (var (kind, field, expected, text) in _conditions)
        {
            var actual = field.Equals("bucket", StringComparison.OrdinalIgnoreCase) ? bucket : Field(fields, field);
            var met = actual is not null && (kind == "eq" ? actual == expected : actual.StartsWith(expected, StringComparison.Ordinal));
            if (!met) return $"Invalid according to Policy: Policy Condition failed: {text}";
        }
        var extra = fields.Keys.FirstOrDefault(name => !Uncovered.Contains(name) && !unsignedFields.Contains(name, StringComparer.OrdinalIgnoreCase)
            && !name.StartsWith("x-ignore-", StringComparison.OrdinalIgnoreCase)
            && !_conditions.Any(condition => condition.Field.Equals(name, StringComparison.OrdinalIgnoreCase)));
        return extra is null ? null : $"Invalid according to Policy: Extra input fields: {extra}";
    }

    // Form field names are matched without regard to case (the SDK sends "Policy", browsers' forms "policy").
    private static string? Field(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.FirstOrDefault(pair => pair.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long? Number(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
