using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>What a created resource answers to <c>Ref</c> and <c>Fn::GetAtt</c>.</summary>
public sealed record PhysicalResource(string LogicalId, string Type, string Ref, IReadOnlyDictionary<string, string> Attributes);

/// <summary>CloudFormation's pseudo parameters for one stack.</summary>
public sealed record PseudoParameters(string Region, string AccountId, string StackName)
{
    public const string Partition = "aws";
    public const string UrlSuffix = "amazonaws.com";

    public string StackId => $"arn:{Partition}:cloudformation:{Region}:{AccountId}:stack/{StackName}/00000000-0000-0000-0000-000000000000";
}

/// <summary>
/// Evaluates CloudFormation's intrinsic functions over the physical values of the stack's resources:
/// <c>Ref</c>, <c>Fn::GetAtt</c>, <c>Fn::Join</c>, <c>Fn::Sub</c>, <c>Fn::Select</c>, <c>Fn::Split</c>,
/// <c>Fn::FindInMap</c> and the pseudo parameters. Pure: it reads the table it is given and nothing else.
/// Anything it cannot resolve is a <see cref="TemplateException"/> naming the property path.
/// </summary>
public sealed class IntrinsicResolver(
    IReadOnlyDictionary<string, PhysicalResource> resources,
    PseudoParameters pseudo,
    JsonObject? mappings = null,
    JsonObject? parameters = null)
{
    /// <summary>The node with every intrinsic evaluated; properties set to <c>AWS::NoValue</c> are left out.</summary>
    /// <param name="where">The property path, for messages: <c>Resources.X.Properties.Y</c>.</param>
    public JsonNode? Resolve(JsonNode? node, string where) =>
        TryResolve(node, where, out var value) ? value : null;

    public string ResolveString(JsonNode? node, string where) =>
        AsString(Resolve(node, where), where);

    public IReadOnlyList<string> ResolveStrings(JsonNode? node, string where) => Resolve(node, where) switch
    {
        null => [],
        JsonArray items => [.. items.Select((item, i) => AsString(item, $"{where}[{i}]"))],
        var single => [AsString(single, where)],
    };

    /// <summary>Whether <paramref name="node"/> is an intrinsic function call (<c>{"Ref": ...}</c>, <c>{"Fn::X": ...}</c>).</summary>
    public static bool IsIntrinsic(JsonObject node, out string function, out JsonNode? argument)
    {
        if (node.Count == 1 && node.First() is var (key, value) && (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal)))
        {
            (function, argument) = (key, value);
            return true;
        }
        (function, argument) = ("", null);
        return false;
    }

    private bool TryResolve(JsonNode? node, string where, out JsonNode? value)
    {
        switch (node)
        {
            case JsonObject obj when IsIntrinsic(obj, out var function, out var argument):
                return Evaluate(function, argument, where, out value);
            case JsonObject obj:
                var resolved = new JsonObject();
                foreach (var (name, child) in obj)
                {
                    if (TryResolve(child, $"{where}.{name}", out var v)) resolved[name] = v;
                }
                value = resolved;
                return true;
            case JsonArray array:
                var items = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    if (TryResolve(array[i], $"{where}[{i}]", out var v)) items.Add(v);
                }
                value = items;
                return true;
            default:
                value = node?.DeepClone();
                return true;
        }
    }

    /// <returns>False for <c>Ref AWS::NoValue</c>: the property is to be left out.</returns>
    private bool Evaluate(string function, JsonNode? argument, string where, out JsonNode? value)
    {
        if (function == "Ref" && argument is JsonValue v && v.TryGetValue<string>(out var name) && name == "AWS::NoValue")
        {
            value = null;
            return false;
        }
        value = function switch
        {
            "Ref" => Ref(AsString(argument, $"{where}.Ref"), where),
            "Fn::GetAtt" => GetAtt(argument, where),
            "Fn::Join" => Join(argument, where),
            "Fn::Sub" => Sub(argument, where),
            "Fn::Select" => Select(argument, where),
            "Fn::Split" => Split(argument, where),
            "Fn::FindInMap" => FindInMap(argument, where),
            _ => throw new TemplateException($"{where}: {function} is not supported by the rehearsal."),
        };
        return true;
    }

    private JsonNode Ref(string name, string where)
    {
        if (Pseudo(name) is { } pseudoValue) return pseudoValue;
        if (resources.TryGetValue(name, out var resource)) return JsonValue.Create(resource.Ref);
        if (parameters?[name] is JsonObject parameter)
        {
            return parameter["Default"] is { } fallback && !IsSsmParameter(parameter)
                ? fallback.DeepClone()
                : throw new TemplateException($"{where}: Ref {name}: the template parameter has no value the rehearsal can use (no Default, or read from SSM).");
        }
        throw new TemplateException($"{where}: Ref {name}: no resource, parameter or pseudo parameter of that name.");
    }

    private static bool IsSsmParameter(JsonObject parameter) =>
        parameter["Type"]?.GetValue<string>().StartsWith("AWS::SSM::", StringComparison.Ordinal) == true;

    private static JsonArray? PseudoList(string name) => name == "AWS::NotificationARNs" ? [] : null;

    private JsonNode? Pseudo(string name) => name switch
    {
        "AWS::Region" => pseudo.Region,
        "AWS::AccountId" => pseudo.AccountId,
        "AWS::Partition" => PseudoParameters.Partition,
        "AWS::URLSuffix" => PseudoParameters.UrlSuffix,
        "AWS::StackName" => pseudo.StackName,
        "AWS::StackId" => pseudo.StackId,
        _ => PseudoList(name),
    };

    private JsonNode GetAtt(JsonNode? argument, string where)
    {
        var (logicalId, attribute) = argument switch
        {
            JsonArray { Count: 2 } pair => (AsString(pair[0], where), AsString(Resolve(pair[1], where), where)),
            JsonValue text when text.TryGetValue<string>(out var dotted) && dotted.IndexOf('.') is > 0 and var dot =>
                (dotted[..dot], dotted[(dot + 1)..]),
            _ => throw new TemplateException($"{where}: Fn::GetAtt needs [\"LogicalId\", \"Attribute\"] or \"LogicalId.Attribute\"."),
        };
        return Attribute(logicalId, attribute, where);
    }

    private JsonValue Attribute(string logicalId, string attribute, string where)
    {
        if (!resources.TryGetValue(logicalId, out var resource))
            throw new TemplateException($"{where}: Fn::GetAtt {logicalId}.{attribute}: the template has no resource {logicalId}.");
        return resource.Attributes.TryGetValue(attribute, out var value)
            ? JsonValue.Create(value)
            : throw new TemplateException(
                $"{where}: Fn::GetAtt {logicalId}.{attribute}: the rehearsal knows no attribute {attribute} of a {resource.Type}" +
                (resource.Attributes.Count == 0 ? "." : $" (it knows {string.Join(", ", resource.Attributes.Keys)})."));
    }

    private JsonValue Join(JsonNode? argument, string where)
    {
        var (delimiter, list) = Pair(argument, "Fn::Join needs [delimiter, [values]]", where);
        var values = Resolve(list, where) as JsonArray
            ?? throw new TemplateException($"{where}: Fn::Join's second argument is not a list.");
        return JsonValue.Create(string.Join(AsString(delimiter, where), values.Select((item, i) => AsString(item, $"{where}[{i}]"))));
    }

    private JsonValue Sub(JsonNode? argument, string where)
    {
        var (text, variables) = argument switch
        {
            JsonValue single => (AsString(single, where), new JsonObject()),
            JsonArray { Count: 2 } pair when pair[1] is JsonObject map => (AsString(pair[0], where), (JsonObject)Resolve(map, where)!),
            _ => throw new TemplateException($"{where}: Fn::Sub needs \"text\" or [\"text\", {{variables}}]."),
        };
        var output = new StringBuilder();
        var at = 0;
        while (at < text.Length)
        {
            var start = text.IndexOf("${", at, StringComparison.Ordinal);
            if (start < 0) break;
            var end = text.IndexOf('}', start);
            if (end < 0) throw new TemplateException($"{where}: Fn::Sub \"{text}\" has a ${{ without its }}.");
            output.Append(text, at, start - at);
            var name = text[(start + 2)..end];
            // ${!Literal} writes ${Literal}: CloudFormation's escape.
            output.Append(name.StartsWith('!') ? "${" + name[1..] + "}" : SubVariable(name, variables, where));
            at = end + 1;
        }
        output.Append(text, at, text.Length - at);
        return JsonValue.Create(output.ToString());
    }

    private string SubVariable(string name, JsonObject variables, string where)
    {
        if (variables.TryGetPropertyValue(name, out var given)) return AsString(given, $"{where}.{name}");
        if (Pseudo(name) is JsonValue pseudoValue) return AsString(pseudoValue, where);
        if (resources.ContainsKey(name) || parameters?[name] is not null) return AsString(Ref(name, where), where);
        var dot = name.IndexOf('.');
        if (dot > 0) return AsString(Attribute(name[..dot], name[(dot + 1)..], where), where);
        throw new TemplateException($"{where}: Fn::Sub ${{{name}}}: no variable, resource, parameter or pseudo parameter of that name.");
    }

    private JsonNode? Select(JsonNode? argument, string where)
    {
        var (indexNode, list) = Pair(argument, "Fn::Select needs [index, [values]]", where);
        var indexText = AsString(Resolve(indexNode, where), where);
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new TemplateException($"{where}: Fn::Select's index \"{indexText}\" is not a number.");
        var values = Resolve(list, where) as JsonArray
            ?? throw new TemplateException($"{where}: Fn::Select's second argument is not a list.");
        return index < values.Count
            ? values[index]?.DeepClone()
            : throw new TemplateException($"{where}: Fn::Select index {index} is past the end of a list of {values.Count}.");
    }

    private JsonArray Split(JsonNode? argument, string where)
    {
        var (delimiter, source) = Pair(argument, "Fn::Split needs [delimiter, text]", where);
        var parts = AsString(Resolve(source, where), where).Split(AsString(delimiter, where));
        return [.. parts.Select(part => (JsonNode)JsonValue.Create(part))];
    }

    private JsonNode FindInMap(JsonNode? argument, string where)
    {
        if (argument is not JsonArray { Count: 3 } keys)
            throw new TemplateException($"{where}: Fn::FindInMap needs [map, top-level key, second-level key].");
        var (map, top, second) = (ResolveString(keys[0], where), ResolveString(keys[1], where), ResolveString(keys[2], where));
        return mappings?[map]?[top]?[second]?.DeepClone()
            ?? throw new TemplateException($"{where}: Fn::FindInMap: Mappings.{map}.{top}.{second} is not in the template.");
    }

    private static (JsonNode? First, JsonNode? Second) Pair(JsonNode? argument, string usage, string where) =>
        argument is JsonArray { Count: 2 } pair ? (pair[0], pair[1]) : throw new TemplateException($"{where}: {usage}.");

    private static string AsString(JsonNode? node, string where) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False =>
            value.ToJsonString(),
        JsonObject obj when IsIntrinsic(obj, out var function, out _) =>
            throw new TemplateException($"{where}: {function} was not resolved where a text value was expected."),
        null => throw new TemplateException($"{where}: a text value is missing."),
        _ => throw new TemplateException($"{where}: expected a text value, found {node.ToJsonString()}."),
    };
}
