using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>One entry of the template's <c>Resources</c>.</summary>
public sealed record TemplateResource(string LogicalId, string Type, JsonObject Body)
{
    public JsonObject? Properties => Body[nameof(Properties)] as JsonObject;

    /// <summary>The path of a property, as messages name it.</summary>
    public string Where(string property) => $"Resources.{LogicalId}.Properties.{property}";
}

/// <summary>
/// The template's resources, read through the resolver: each property resolved only when asked for, so a
/// property the rehearsal does not use can never stop it.
/// </summary>
public sealed class TemplateResources(JsonObject template, IntrinsicResolver resolver)
{
    public IntrinsicResolver Resolver => resolver;

    public IEnumerable<TemplateResource> All =>
        (template["Resources"] as JsonObject ?? []).Select(r => Read(r.Key, r.Value));

    public IEnumerable<TemplateResource> OfType(string type) => All.Where(r => r.Type == type);

    public TemplateResource? Find(string logicalId) =>
        (template["Resources"] as JsonObject)?[logicalId] is { } body ? Read(logicalId, body) : null;

    public JsonNode? Property(TemplateResource resource, string name) =>
        resolver.Resolve(resource.Properties?[name], resource.Where(name));

    public string? OptionalString(TemplateResource resource, string name) =>
        resource.Properties?[name] is null ? null : resolver.ResolveString(resource.Properties[name], resource.Where(name));

    public string RequiredString(TemplateResource resource, string name) =>
        OptionalString(resource, name) ?? throw new TemplateException($"{resource.Where(name)} is missing: a {resource.Type} needs it.");

    public IReadOnlyList<string> Strings(TemplateResource resource, string name) =>
        resolver.ResolveStrings(resource.Properties?[name], resource.Where(name));

    public int? OptionalInt(TemplateResource resource, string name) => OptionalString(resource, name) is { } text
        ? int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new TemplateException($"{resource.Where(name)} is \"{text}\", not a whole number.")
        : null;

    public bool? OptionalBool(TemplateResource resource, string name) => OptionalString(resource, name) is { } text
        ? bool.TryParse(text, out var flag) ? flag : throw new TemplateException($"{resource.Where(name)} is \"{text}\", not true or false.")
        : null;

    private static TemplateResource Read(string logicalId, JsonNode? body) => body is JsonObject obj && obj["Type"] is JsonValue type
        && type.GetValueKind() == JsonValueKind.String
        ? new TemplateResource(logicalId, type.GetValue<string>(), obj)
        : throw new TemplateException($"Resources.{logicalId} has no Type.");
}
