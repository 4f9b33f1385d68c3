using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace PhotoGallery.Testing;

/// <summary>
/// Compares JSON by value (objects member by member whatever their order, arrays item by item) and, when it
/// differs, fails naming the first difference: <c>$.photo.tags[1]: expected "sea" but was "sky"</c>.
/// </summary>
public static partial class JsonAssert
{
    /// <summary>Written where a member or an item is absent on one side.</summary>
    public const string Missing = "(missing)";

    public static void AreEqual(string expected, JsonNode? actual, string? message = null) =>
        AreEqual(JsonNode.Parse(expected), actual, message);

    public static void AreEqual(string expected, string actual, string? message = null) =>
        AreEqual(JsonNode.Parse(expected), JsonNode.Parse(actual), message);

    public static void AreEqual(JsonNode? expected, JsonNode? actual, string? message = null)
    {
        if (Difference(expected, actual) is not { } difference) return;
        Assert.Fail(string.IsNullOrEmpty(message) ? difference : $"{message}: {difference}");
    }

    /// <summary>The first difference, as <c>path: expected … but was …</c>; null when the two are equal.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (JsonNode.DeepEquals(expected, actual)) return null;
        switch (expected, actual)
        {
            case (JsonObject want, JsonObject got):
                foreach (var (name, value) in want)
                {
                    if (!got.TryGetPropertyValue(name, out var other)) return Describe(Member(path, name), Show(value), Missing);
                    if (Difference(value, other, Member(path, name)) is { } inner) return inner;
                }
                var extra = got.First(p => !want.ContainsKey(p.Key));
                return Describe(Member(path, extra.Key), Missing, Show(extra.Value));
            case (JsonArray want, JsonArray got):
                for (var i = 0; i < Math.Max(want.Count, got.Count); i++)
                {
                    if (i >= got.Count) return Describe($"{path}[{i}]", Show(want[i]), Missing);
                    if (i >= want.Count) return Describe($"{path}[{i}]", Missing, Show(got[i]));
                    if (Difference(want[i], got[i], $"{path}[{i}]") is { } inner) return inner;
                }
                return null;
            default:
                return Describe(path, Show(expected), Show(actual));
        }
    }

    /// <summary><c>$.name</c> for a plain name, <c>$['Fn::GetAtt']</c> for any other.</summary>
    public static string Member(string path, string name) =>
        PlainName().IsMatch(name) ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static string Describe(string path, string expected, string actual) =>
        $"{path}: expected {Shorten(expected)} but was {Shorten(actual)}";

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static string Shorten(string json) => json.Length <= 200 ? json : json[..200] + "…";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainName();
}
