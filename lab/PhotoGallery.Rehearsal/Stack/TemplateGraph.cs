using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// The order CloudFormation creates a template's resources in: a resource after everything it names
/// with <c>Ref</c>, <c>Fn::GetAtt</c>, <c>Fn::Sub</c> or <c>DependsOn</c>. Pure.
/// </summary>
public static class TemplateGraph
{
    /// <summary>Every logical id, each after its dependencies, otherwise in template order.</summary>
    public static IReadOnlyList<string> CreationOrder(JsonObject resources)
    {
        var dependencies = resources.ToDictionary(r => r.Key, r => DependenciesOf(r.Key, r.Value as JsonObject, resources), StringComparer.Ordinal);
        var order = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (order.Count < dependencies.Count)
        {
            var ready = dependencies.Where(d => !done.Contains(d.Key) && d.Value.All(done.Contains)).Select(d => d.Key).ToList();
            if (ready.Count == 0)
            {
                var stuck = dependencies.Where(d => !done.Contains(d.Key)).Select(d => d.Key);
                throw new TemplateException($"Resources {string.Join(", ", stuck)} depend on each other in a circle: CloudFormation could not create them either.");
            }
            order.AddRange(ready);
            done.UnionWith(ready);
        }
        return order;
    }

    /// <summary>The other resources a resource names (not pseudo parameters, not template parameters).</summary>
    public static IReadOnlySet<string> DependenciesOf(string logicalId, JsonObject? resource, JsonObject resources)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (resource is null) return found;
        Collect(resource["Properties"], found);
        switch (resource["DependsOn"])
        {
            case JsonValue one:
                found.Add(one.GetValue<string>());
                break;
            case JsonArray many:
                foreach (var item in many) found.Add(item!.GetValue<string>());
                break;
        }
        found.RemoveWhere(id => !resources.ContainsKey(id));
        if (found.Contains(logicalId)) throw new TemplateException($"Resources.{logicalId} refers to itself.");
        return found;
    }

    private static void Collect(JsonNode? node, HashSet<string> found)
    {
        switch (node)
        {
            case JsonObject obj when IntrinsicResolver.IsIntrinsic(obj, out var function, out var argument):
                CollectCall(function, argument, found);
                break;
            case JsonObject obj:
                foreach (var (_, child) in obj) Collect(child, found);
                break;
            case JsonArray array:
                foreach (var child in array) Collect(child, found);
                break;
        }
    }

    private static void CollectCall(string function, JsonNode? argument, HashSet<string> found)
    {
        switch (function, argument)
        {
            case ("Ref", JsonValue name):
                found.Add(name.GetValue<string>());
                break;
            case ("Fn::GetAtt", JsonArray { Count: > 0 } pair) when pair[0] is JsonValue id:
                found.Add(id.GetValue<string>());
                break;
            case ("Fn::GetAtt", JsonValue dotted):
                found.Add(dotted.GetValue<string>().Split('.')[0]);
                break;
            case ("Fn::Sub", JsonValue text):
                found.UnionWith(SubReferences(text.GetValue<string>()));
                break;
            case ("Fn::Sub", JsonArray { Count: 2 } pair) when pair[0] is JsonValue text:
                var variables = pair[1];
                var given = variables as JsonObject;
                found.UnionWith(SubReferences(text.GetValue<string>()).Where(name => given?.ContainsKey(name) != true));
                Collect(variables, found);
                break;
            default:
                Collect(argument, found);
                break;
        }
    }

    /// <summary>The logical ids a <c>Fn::Sub</c> text names: <c>${Id}</c> and <c>${Id.Attribute}</c>.</summary>
    private static IEnumerable<string> SubReferences(string text)
    {
        var at = 0;
        while ((at = text.IndexOf("${", at, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf('}', at);
            if (end < 0) yield break;
            var name = text[(at + 2)..end];
            if (!name.StartsWith('!')) yield return name.Split('.')[0];
            at = end + 1;
        }
    }
}
