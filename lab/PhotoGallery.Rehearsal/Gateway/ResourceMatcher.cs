using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Gateway;

/// <summary>The resource a request path selects, its path parameters, and the method for the request's verb if there is one.</summary>
public sealed record ResourceMatch(string ResourcePath, IReadOnlyDictionary<string, string> PathParameters, ApiMethod? Method);

/// <summary>
/// API Gateway's resource selection: the resource whose path fits the request, literal segments before
/// <c>{param}</c> ones before a greedy <c>{proxy+}</c>; then the method of the request's verb (or <c>ANY</c>).
/// One trailing slash is ignored. Pure.
/// </summary>
public static class ResourceMatcher
{
    /// <returns><c>null</c> when no resource fits the path (API Gateway: 403 Missing Authentication Token).</returns>
    public static ResourceMatch? Find(IReadOnlyList<ApiMethod> methods, string httpMethod, string path)
    {
        var actual = Segments(path);
        (string Path, int[] Rank, Dictionary<string, string> Parameters)? best = null;
        foreach (var resourcePath in methods.Select(m => m.ResourcePath).Distinct(StringComparer.Ordinal))
        {
            if (Match(Segments(resourcePath), actual) is not var (rank, parameters)) continue;
            if (best is null || Compare(rank, best.Value.Rank) < 0) best = (resourcePath, rank, parameters);
        }
        if (best is not var (chosen, _, found)) return null;
        var onResource = methods.Where(m => m.ResourcePath == chosen).ToList();
        var method = onResource.FirstOrDefault(m => m.HttpMethod == httpMethod) ?? onResource.FirstOrDefault(m => m.HttpMethod == "ANY");
        return new ResourceMatch(chosen, found, method);
    }

    private static (int[] Rank, Dictionary<string, string> Parameters)? Match(string[] template, string[] actual)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var rank = new int[template.Length];
        for (var i = 0; i < template.Length; i++)
        {
            var part = template[i];
            if (part.StartsWith('{') && part.EndsWith("+}", StringComparison.Ordinal))
            {
                // A greedy parameter takes one or more of the remaining segments, and is always last.
                if (i >= actual.Length || actual[i].Length == 0) return null;
                parameters[part[1..^2]] = Decode(string.Join('/', actual[i..]));
                rank[i] = 2;
                return (rank, parameters);
            }
            if (i >= actual.Length) return null;
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                if (actual[i].Length == 0) return null;
                parameters[part[1..^1]] = Decode(actual[i]);
                rank[i] = 1;
            }
            else if (!string.Equals(part, actual[i], StringComparison.Ordinal))
            {
                return null;
            }
        }
        return template.Length == actual.Length ? (rank, parameters) : null;
    }

    /// <summary>Earlier segments decide: a literal beats a parameter, which beats a greedy parameter.</summary>
    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        }
        return b.Length.CompareTo(a.Length);
    }

    /// <summary>The path's segments; <c>/</c> has none, and one trailing slash is ignored.</summary>
    private static string[] Segments(string path)
    {
        var trimmed = path.Trim();
        trimmed = trimmed.StartsWith('/') ? trimmed[1..] : trimmed;
        trimmed = trimmed.EndsWith('/') ? trimmed[..^1] : trimmed;
        return trimmed.Length == 0 ? [] : trimmed.Split('/');
    }

    /// <summary>ASP.NET Core has already decoded the path except for escaped slashes, which stay inside one segment.</summary>
    private static string Decode(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
