using System.Text.Json;
using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Http;

/// <summary>
/// Reads a JSON request body field by field, so every malformed or wrong-typed field gets an error that
/// names it (<c>'size' must be a number</c>) instead of a serializer's stack of types.
/// </summary>
public sealed class JsonBody
{
    private readonly JsonElement _root;

    private JsonBody(JsonElement root) => _root = root;

    public static JsonBody Parse(ApiRequest request)
    {
        string? text;
        try
        {
            text = request.BodyText();
        }
        catch (FormatException)
        {
            throw new GalleryException(ErrorCode.MalformedJson, "The request body is marked base64 but is not valid base64.");
        }
        // RFC 8259 lets a parser ignore a byte order mark; some editors and PowerShell write one.
        if (text is not null && text.StartsWith('\uFEFF')) text = text[1..];
        if (string.IsNullOrWhiteSpace(text))
            throw new GalleryException(ErrorCode.MalformedJson, "The request body is empty; send a JSON object.");

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (ArgumentException)
        {
            // Text that cannot become UTF-8 (an unpaired surrogate that reached the body itself).
            throw new GalleryException(ErrorCode.MalformedJson, "The request body is not UTF-8 text.");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new GalleryException(ErrorCode.MalformedJson, $"The request body is not valid JSON{where}.");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new GalleryException(ErrorCode.MalformedJson, $"The request body must be a JSON object, not {Describe(root)}.");
        CheckMemberNames(root);
        return new JsonBody(root);
    }

    /// <summary>
    /// Looking a field up decodes every member name before it, so a name holding an escaped unpaired
    /// surrogate would throw from any lookup: such a body is refused once, here.
    /// </summary>
    private static void CheckMemberNames(JsonElement root)
    {
        try
        {
            foreach (var member in root.EnumerateObject()) _ = member.Name;
        }
        catch (InvalidOperationException)
        {
            throw new GalleryException(ErrorCode.MalformedJson,
                "A member name in the request body is not Unicode text (an unpaired UTF-16 surrogate escape).");
        }
    }

    public bool Has(string name) =>
        _root.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null;

    public string RequiredString(string name)
    {
        var value = OptionalString(name);
        if (string.IsNullOrWhiteSpace(value)) throw Invalid($"'{name}' is required.");
        return value;
    }

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String) throw Invalid($"'{name}' must be a string, not {Describe(value)}.");
        return Text(name, value);
    }

    public long RequiredInt64(string name)
    {
        if (!TryGet(name, out var value)) throw Invalid($"'{name}' is required.");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            throw Invalid($"'{name}' must be a whole number, not {Describe(value)}.");
        return number;
    }

    public bool OptionalBoolean(string name)
    {
        if (!TryGet(name, out var value)) return false;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"'{name}' must be true or false, not {Describe(value)}."),
        };
    }

    /// <summary>A list given either as a JSON array of strings or as one comma-separated string.</summary>
    public IReadOnlyList<string> OptionalStringList(string name)
    {
        if (!TryGet(name, out var value)) return [];
        if (value.ValueKind == JsonValueKind.String) return Text(name, value).Split(',');
        if (value.ValueKind != JsonValueKind.Array)
            throw Invalid($"'{name}' must be an array of strings or a comma-separated string, not {Describe(value)}.");
        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw Invalid($"Every item of '{name}' must be a string; found {Describe(item)}.");
            items.Add(Text(name, item));
        }
        return items;
    }

    public string RequiredString(Field field) => RequiredString(field.Name);

    public string? OptionalString(Field field) => OptionalString(field.Name);

    public long RequiredInt64(Field field) => RequiredInt64(field.Name);

    public bool OptionalBoolean(Field field) => OptionalBoolean(field.Name);

    public IReadOnlyList<string> OptionalStringList(Field field) => OptionalStringList(field.Name);

    /// <summary>A JSON string's text, held to <see cref="WellFormedText"/>.</summary>
    private static string Text(string name, JsonElement value)
    {
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // The reader refuses to decode an escaped unpaired surrogate ("\ud800") into a string.
            throw WellFormedText.Undecodable(name);
        }
        return WellFormedText.Check(name, text)!;
    }

    private bool TryGet(string name, out JsonElement value) =>
        _root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static GalleryException Invalid(string detail) => new(ErrorCode.InvalidParameter, detail);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
