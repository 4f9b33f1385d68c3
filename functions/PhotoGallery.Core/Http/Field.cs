namespace PhotoGallery.Core.Http;

/// <summary>Where a request field travels.</summary>
public enum FieldSource
{
    Body,
    Query,
    Path,
}

/// <summary>What a field holds, as JSON or text.</summary>
public enum FieldType
{
    Text,
    WholeNumber,
    TrueOrFalse,

    /// <summary>Bytes, base64-encoded in a JSON string.</summary>
    Base64,

    /// <summary>A JSON array of strings, or one comma-separated string.</summary>
    StringList,
}

/// <summary>
/// One field of a request, named once: the parser reads it by this name, the API description documents it
/// from it, and its limits are the rule set's own constants.
/// </summary>
public sealed record Field(string Name, FieldSource Source, FieldType Type, bool Required, string? Description = null)
{
    public int? MaxLength { get; init; }
    public long? Minimum { get; init; }
    public long? Maximum { get; init; }
    public long? Default { get; init; }
    public string? Pattern { get; init; }
    public IReadOnlyList<string>? Allowed { get; init; }

    /// <summary>Still accepted, but has no effect any more and will be refused by a later version (OpenAPI's <c>deprecated</c>).</summary>
    public bool Deprecated { get; init; }

    /// <summary>A value that passes the field's own checks (the grader and the docs send it).</summary>
    public string? Example { get; init; }

    public static Field Body(string name, FieldType type, bool required, string? description = null) => new(name, FieldSource.Body, type, required, description);

    public static Field Query(string name, FieldType type, bool required, string? description = null) => new(name, FieldSource.Query, type, required, description);

    public static Field Path(string name, string? description = null) => new(name, FieldSource.Path, FieldType.Text, true, description);
}

/// <summary>The fields of one request type, and what its body is when it has one.</summary>
public sealed record RequestSchema(string Name, IReadOnlyList<Field> Fields, string? BodyDescription = null)
{
    public static RequestSchema None { get; } = new("None", []);

    public bool HasBody => Fields.Any(f => f.Source == FieldSource.Body);

    public IEnumerable<Field> In(FieldSource source) => Fields.Where(f => f.Source == source);
}
