using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PhotoGallery.Docs.Tests.Support;

/// <summary>
/// Compares what a command printed with the "you should see" block after it. Readers see the same block,
/// so the rules are the ones a person applies: "…" stands for anything (a token, a date, an id); JSON is
/// compared by value, whatever its layout, with exactly the members shown; an HTTP block (curl -i) checks
/// the status, the headers shown and the body; text checks the lines shown, in order.
/// </summary>
public static class Expectation
{
    public const string Ellipsis = "…";

    /// <summary>The differences, or an empty list when the output is what the reader was told to expect.</summary>
    public static IReadOnlyList<string> Compare(string language, string expected, string actual) => language switch
    {
        "json" => CompareJson(expected, actual),
        "http" => CompareHttp(expected, actual),
        _ => CompareText(expected, actual),
    };

    public static IReadOnlyList<string> CompareJson(string expected, string actual)
    {
        JsonNode? want;
        try
        {
            want = JsonNode.Parse(expected);
        }
        catch (JsonException e)
        {
            return [$"the expected block is not JSON: {e.Message}"];
        }
        JsonNode? got;
        try
        {
            got = JsonNode.Parse(actual);
        }
        catch (JsonException)
        {
            return [$"the command printed no single JSON value: {actual}"];
        }
        var differences = new List<string>();
        CompareNode(want, got, "$", differences);
        return differences;
    }

    public static IReadOnlyList<string> CompareHttp(string expected, string actual)
    {
        var (wantStatus, wantHeaders, wantBody) = ParseHttp(expected);
        // curl -i prints one head per response; a "100 Continue" comes before the real one.
        var responses = Regex.Split(actual.Trim(), @"\n(?=HTTP/)").Where(r => !Regex.IsMatch(r, @"^HTTP/\S+ 100\b")).ToList();
        if (responses.Count == 0 || !responses[^1].StartsWith("HTTP/", StringComparison.Ordinal))
            return [$"the command printed no HTTP response (use curl -i): {actual}"];
        var (gotStatus, gotHeaders, gotBody) = ParseHttp(responses[^1]);
        var differences = new List<string>();
        if (wantStatus != gotStatus) differences.Add($"status {gotStatus}, expected {wantStatus}");
        foreach (var (name, value) in wantHeaders)
        {
            var match = gotHeaders.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 0) differences.Add($"no header {name}");
            else if (!match.Any(h => Matches(value, h.Value))) differences.Add($"header {name}: {match[0].Value}, expected {value}");
        }
        if (wantBody.Length > 0)
        {
            differences.AddRange(LooksLikeJson(wantBody) ? CompareJson(wantBody, gotBody) : CompareText(wantBody, gotBody));
        }
        return differences;
    }

    public static IReadOnlyList<string> CompareText(string expected, string actual)
    {
        var lines = actual.Split('\n').Select(l => l.TrimEnd()).ToList();
        var position = 0;
        foreach (var want in expected.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var found = lines.FindIndex(position, l => Matches(want, l.Trim()));
            if (found < 0) return [$"no line like \"{want}\" (in order) in:\n{actual}"];
            position = found + 1;
        }
        return [];
    }

    /// <summary>True when <paramref name="actual"/> is <paramref name="pattern"/> with each "…" standing for any text.</summary>
    public static bool Matches(string pattern, string actual)
    {
        var regex = "^" + string.Join(".*", pattern.Split(Ellipsis).Select(Regex.Escape)) + "$";
        return Regex.IsMatch(actual, regex, RegexOptions.Singleline);
    }

    private static bool LooksLikeJson(string text) => text.TrimStart() is ['{', ..] or ['[', ..];

    private static (int Status, List<(string Name, string Value)> Headers, string Body) ParseHttp(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var statusMatch = Regex.Match(lines[0], @"^HTTP/\S+\s+(\d{3})");
        var status = statusMatch.Success ? int.Parse(statusMatch.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var headers = new List<(string, string)>();
        var i = 1;
        for (; i < lines.Length && lines[i].Trim().Length > 0; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers.Add((lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
        }
        return (status, headers, string.Join('\n', lines.Skip(i + 1)).Trim());
    }

    private static void CompareNode(JsonNode? want, JsonNode? got, string path, List<string> differences)
    {
        if (want is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains(Ellipsis, StringComparison.Ordinal))
        {
            if (text == Ellipsis) return;
            var actual = got is JsonValue gotValue && gotValue.TryGetValue<string>(out var gotText) ? gotText : got?.ToJsonString() ?? "null";
            if (!Matches(text, actual)) differences.Add($"{path}: expected {text} but was {actual}");
            return;
        }
        switch (want)
        {
            case JsonObject wantObject when got is JsonObject gotObject:
                foreach (var missing in wantObject.Select(p => p.Key).Except(gotObject.Select(p => p.Key)))
                    differences.Add($"{path}: no member \"{missing}\"");
                foreach (var extra in gotObject.Select(p => p.Key).Except(wantObject.Select(p => p.Key)))
                    differences.Add($"{path}: member \"{extra}\" is not in the docs");
                foreach (var (key, node) in wantObject)
                {
                    if (gotObject.ContainsKey(key)) CompareNode(node, gotObject[key], JsonAssert.Member(path, key), differences);
                }
                return;
            case JsonArray wantArray when got is JsonArray gotArray:
                var open = wantArray.Count > 0 && wantArray[^1] is JsonValue last && last.TryGetValue<string>(out var lastText) && lastText == Ellipsis;
                var shown = open ? wantArray.Count - 1 : wantArray.Count;
                if (open ? gotArray.Count < shown : gotArray.Count != shown)
                {
                    differences.Add($"{path}: expected {(open ? "at least " : "")}{shown} items but was {gotArray.Count}");
                    return;
                }
                for (var i = 0; i < shown; i++) CompareNode(wantArray[i], gotArray[i], $"{path}[{i}]", differences);
                return;
            default:
                if (JsonAssert.Difference(want, got, path) is { } difference) differences.Add(difference);
                return;
        }
    }
}
