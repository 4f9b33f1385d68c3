using PhotoGallery.Core.Routing;

namespace PhotoGallery.Functions;

/// <summary>
/// The route table (DESIGN §3): the API Gateway methods of the HTTP-triggered functions, derived from their
/// declarations. The local gateway, the CDK stack, the grader and the API description all read it.
/// </summary>
public static class RouteTable
{
    public static IReadOnlyList<Route> All { get; } = [.. FunctionCatalog.All.Select(f => f.Route).OfType<Route>()];

    /// <summary>The distinct resource paths, in table order.</summary>
    public static IReadOnlyList<string> Resources { get; } = All.Select(r => r.Path).Distinct().ToList();

    public static Route ByName(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"No route for function '{name}'.", nameof(name));

    /// <summary>The route for a method and path, with its path parameters, or <c>null</c>.</summary>
    /// <param name="routes">The routes to search: the table itself unless a test deploys a variant.</param>
    public static (Route Route, Dictionary<string, string> Parameters)? Find(
        string method, string path, IReadOnlyList<Route>? routes = null)
    {
        foreach (var route in routes ?? All)
        {
            if (!string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase)) continue;
            if (route.Match(path) is { } parameters) return (route, parameters);
        }
        return null;
    }

    /// <summary>The resource template <paramref name="path"/> belongs to, whatever the method, or <c>null</c>.</summary>
    public static string? ResourceOf(string path, IReadOnlyList<Route>? routes = null) =>
        (routes ?? All).FirstOrDefault(r => r.Match(path) is not null)?.Path;
}
