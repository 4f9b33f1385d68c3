using NUnit.Framework;
using PhotoGallery.Rehearsal.Gateway;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Gateway;

public sealed class ResourceMatcherTests
{
    private static readonly IReadOnlyList<ApiMethod> Methods =
    [
        Method("OPTIONS", "/"), Method("POST", "/signup"), Method("GET", "/photos"), Method("POST", "/photos"),
        Method("GET", "/photos/{photoId}"), Method("GET", "/photos/latest"), Method("ANY", "/files/{path+}"),
        Method("GET", "/{proxy+}"),
    ];

    private static ApiMethod Method(string verb, string path) =>
        new(verb, path, "NONE", null, new ApiIntegration("MOCK", null, 200, new Dictionary<string, string>()));

    [TestCase("GET", "/photos", "/photos", "GET", "")]
    [TestCase("POST", "/photos/", "/photos", "POST", "", TestName = "Find: one trailing slash ignored")]
    [TestCase("GET", "/photos/01JD3Z", "/photos/{photoId}", "GET", "photoId=01JD3Z")]
    [TestCase("GET", "/photos/latest", "/photos/latest", "GET", "", TestName = "Find: a literal segment beats a parameter")]
    [TestCase("GET", "/photos/a%2Fb", "/photos/{photoId}", "GET", "photoId=a/b", TestName = "Find: an escaped slash stays in its segment")]
    [TestCase("PUT", "/files/a/b/c.txt", "/files/{path+}", "ANY", "path=a/b/c.txt", TestName = "Find: ANY and a greedy parameter")]
    [TestCase("GET", "/anything/else", "/{proxy+}", "GET", "proxy=anything/else")]
    [TestCase("OPTIONS", "/", "/", "OPTIONS", "")]
    public void Find_PathOfAResource_ItsMethodAndParameters(string verb, string path, string resource, string method, string parameters)
    {
        var match = ResourceMatcher.Find(Methods, verb, path);

        Assert.That(match, Is.Not.Null);
        Assert.That(match!.ResourcePath, Is.EqualTo(resource));
        Assert.That(match.Method?.HttpMethod, Is.EqualTo(method));
        Assert.That(string.Join("&", match.PathParameters.Select(p => $"{p.Key}={p.Value}")), Is.EqualTo(parameters));
    }

    [TestCase("DELETE", "/photos", "/photos", TestName = "Find: a resource without the verb, no method")]
    [TestCase("GET", "/", "/", TestName = "Find: root has only OPTIONS")]
    [TestCase("POST", "/somewhere", "/{proxy+}")]
    public void Find_ResourceWithoutThatMethod_ResourceButNoMethod(string verb, string path, string resource)
    {
        var match = ResourceMatcher.Find(Methods, verb, path);

        Assert.That(match?.ResourcePath, Is.EqualTo(resource));
        Assert.That(match!.Method, Is.Null);
    }

    [TestCase("/signup/extra")]
    [TestCase("/photos/a/b")]
    [TestCase("/Signup")]
    public void Find_NoResourceFits_Null(string path)
    {
        var methods = Methods.Where(m => !m.ResourcePath.Contains('+', StringComparison.Ordinal)).ToList();

        Assert.That(ResourceMatcher.Find(methods, "POST", path), Is.Null);
    }
}
