using NUnit.Framework;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

/// <summary>
/// Text that is not Unicode, wherever a function reads it (body, query string, path): a 400 that names the
/// field, never a 500. The JSON bodies carry their escapes as a client sends them (<c>"\ud800"</c>).
/// </summary>
public sealed class HostileTextTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public void SetUp() => _gallery = new TestGallery();

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private static IEnumerable<TestCaseData> HostileBodies()
    {
        const string surrogate = @"\ud800";
        yield return new TestCaseData("login", $$"""{"username":"{{surrogate}}","password":"x"}""", "username").SetName("Login_UnpairedSurrogateUsername");
        yield return new TestCaseData("login", $$"""{"username":"alice","password":"pw{{surrogate}}"}""", "password").SetName("Login_UnpairedSurrogatePassword");
        yield return new TestCaseData("signup", $$"""{"username":"alice","password":"Corr3ct-Horse!","name":"A{{surrogate}}","email":"a@example.com"}""", "name").SetName("SignUp_UnpairedSurrogateName");
        yield return new TestCaseData("signup", """{"username":"al\u0000ice","password":"Corr3ct-Horse!","name":"A","email":"a@example.com"}""", "username").SetName("SignUp_NulInUsername");
        yield return new TestCaseData("confirmemail", $$"""{"username":"alice","code":"12345{{surrogate}}"}""", "code").SetName("ConfirmEmail_UnpairedSurrogateCode");
        yield return new TestCaseData("addphoto", $$"""{"title":"Sun{{surrogate}}","fileName":"a.png","contentType":"image/png","size":10}""", "title").SetName("AddPhoto_UnpairedSurrogateTitle");
        yield return new TestCaseData("addphoto", $$"""{"title":"Sun","tags":["sea","{{surrogate}}"],"fileName":"a.png","contentType":"image/png","size":10}""", "tags").SetName("AddPhoto_UnpairedSurrogateTag");
        yield return new TestCaseData("addphoto", $$"""{"photoId":"{{surrogate}}","complete":true}""", "photoId").SetName("AddPhoto_UnpairedSurrogatePhotoId");
    }

    [TestCaseSource(nameof(HostileBodies))]
    public async Task Body_NotUnicodeText_400InvalidParameterNamingTheField(string function, string json, string field)
    {
        var reply = await _gallery.InvokeAsync(function, ApiEvent.For(function).AsUser("alice").WithJson(json));

        reply.ShouldBeProblem(400, "InvalidParameter");
        Assert.That(reply.Detail, Does.StartWith($"'{field}' must be Unicode text"));
    }

    [TestCase("search", "q", "caf\uFFFD")]
    [TestCase("search", "cursor", "abc\uFFFD")]
    [TestCase("getphotos", "cursor", "\0")]
    [TestCase("getphotos", "limit", "1\uFFFD")]
    public async Task Query_NotUnicodeText_400InvalidParameterNamingTheField(string function, string field, string value)
    {
        var proxyEvent = ApiEvent.For(function).AsUser("alice").WithQuery(field, value);
        if (field != "q" && function == "search") proxyEvent.WithQuery("q", "sunset");

        var reply = await _gallery.InvokeAsync(function, proxyEvent);

        reply.ShouldBeProblem(400, "InvalidParameter");
        Assert.That(reply.Detail, Does.StartWith($"'{field}' must be Unicode text"));
    }

    [Test]
    public async Task Path_NotUnicodeText_400InvalidParameterNamingPhotoId()
    {
        var reply = await _gallery.InvokeAsync("getphoto", ApiEvent.For("getphoto").AsUser("alice").WithPhotoId("01JD3ZK8Q2V7W4X9Y6T5R3P1N\uFFFD"));

        reply.ShouldBeProblem(400, "InvalidParameter");
        Assert.That(reply.Detail, Does.StartWith("'photoId' must be Unicode text"));
    }
}
