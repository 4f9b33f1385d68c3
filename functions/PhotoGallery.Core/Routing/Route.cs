namespace PhotoGallery.Core.Routing;

public enum RouteAuth
{
    None,

    /// <summary>A Cognito user pool authorizer checks the ID token in the Authorization header.</summary>
    CognitoUserPool,
}

/// <summary>One API Gateway method bound to one Lambda function.</summary>
/// <param name="Name">The Lambda function's name, as the lab calls it (<c>signup</c>).</param>
/// <param name="Project">The function's project and assembly under <c>functions/</c> (<c>SignUp</c>).</param>
public sealed record Route(string Name, string Project, string Method, string Path, RouteAuth Auth)
{
    public bool IsProtected => Auth != RouteAuth.None;

    /// <summary><c>POST /signup</c>: the key API Gateway and the logs use.</summary>
    public string Key => $"{Method} {Path}";

    /// <summary>The .NET Lambda handler string: <c>Assembly::Namespace.Type::Method</c>.</summary>
    public string Handler => $"{Project}::PhotoGallery.Functions.{Project}.Function::HandleAsync";

    /// <summary>
    /// The path parameters when <paramref name="path"/> (as the client sent it, still percent-encoded) fits
    /// this route's template, else <c>null</c>.
    /// </summary>
    public Dictionary<string, string>? Match(string path)
    {
        var template = Segments(Path);
        var actual = Segments(path);
        if (template.Length != actual.Length) return null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{') && template[i].EndsWith('}'))
            {
                if (actual[i].Length == 0) return null;
                parameters[template[i][1..^1]] = PercentEncoding.Decode(actual[i], plusIsSpace: false);
            }
            else if (!string.Equals(template[i], actual[i], StringComparison.Ordinal))
            {
                return null;
            }
        }
        return parameters;
    }

    /// <summary>The path's segments, ignoring one leading and one trailing slash (as API Gateway does).</summary>
    private static string[] Segments(string path)
    {
        var trimmed = path.StartsWith('/') ? path[1..] : path;
        return (trimmed.EndsWith('/') ? trimmed[..^1] : trimmed).Split('/');
    }
}
