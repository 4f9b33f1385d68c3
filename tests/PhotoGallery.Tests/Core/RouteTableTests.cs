using NUnit.Framework;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;

namespace PhotoGallery.Tests.Core;

public sealed class RouteTableTests
{
    [Test]
    public void All_SevenFunctions_EachOnOneMethod()
    {
        Assert.That(RouteTable.All.Select(r => r.Name),
            Is.EquivalentTo(new[] { "signup", "confirmemail", "login", "addphoto", "getphotos", "getphoto", "search" }));
        Assert.That(RouteTable.All.Select(r => r.Key), Is.Unique);
    }

    [Test]
    public void All_PhotoRoutes_AreTheProtectedOnes() =>
        Assert.That(RouteTable.All.Where(r => r.IsProtected).Select(r => r.Name),
            Is.EquivalentTo(new[] { "addphoto", "getphotos", "getphoto", "search" }));

    [TestCase("POST", "/signup", "signup")]
    [TestCase("GET", "/photos", "getphotos")]
    [TestCase("POST", "/photos", "addphoto")]
    [TestCase("GET", "/photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM", "getphoto")]
    [TestCase("get", "/search/", "search")]
    public void Find_KnownMethodAndPath_Route(string method, string path, string expected) =>
        Assert.That(RouteTable.Find(method, path)?.Route.Name, Is.EqualTo(expected));

    [TestCase("GET", "/signup")]
    [TestCase("DELETE", "/photos")]
    [TestCase("GET", "/photos/a/b")]
    [TestCase("GET", "/unknown")]
    [TestCase("GET", "/photos//")]
    public void Find_UnknownMethodOrPath_Null(string method, string path) =>
        Assert.That(RouteTable.Find(method, path), Is.Null);

    [Test]
    public void Find_PathParameter_Decoded() =>
        Assert.That(RouteTable.Find("GET", "/photos/a%20b")?.Parameters["photoId"], Is.EqualTo("a b"));

    [Test]
    public void Handler_SignUp_AssemblyTypeMethod() =>
        Assert.That(RouteTable.ByName("signup").Handler, Is.EqualTo("SignUp::PhotoGallery.Functions.SignUp.Function::HandleAsync"));

    [Test]
    public void Handler_EveryRoute_ResolvesToAStreamHandlerInItsAssembly()
    {
        // The way the Lambda runtime does it: assembly, then type, then exactly one method of that name.
        foreach (var route in RouteTable.All)
        {
            var parts = route.Handler.Split("::");
            var assembly = System.Reflection.Assembly.Load(parts[0]);
            var type = assembly.GetType(parts[1]);
            Assert.That(type, Is.Not.Null, route.Handler);
            var methods = type!.GetMethods(System.Reflection.BindingFlags.DeclaredOnly | System.Reflection.BindingFlags.Public |
                System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static)
                .Where(m => m.Name == parts[2]).ToList();
            Assert.That(methods, Has.Count.EqualTo(1), $"{route.Handler}: the runtime rejects overloaded handlers");
            Assert.That(methods[0].GetParameters().Select(p => p.ParameterType), Is.EqualTo(new[] { typeof(Stream) }));
            Assert.That(methods[0].ReturnType, Is.EqualTo(typeof(Task<Stream>)));
            Assert.That(type.GetConstructor(Type.EmptyTypes), Is.Not.Null, $"{route.Handler}: Lambda needs a parameterless constructor");
        }
    }
}
