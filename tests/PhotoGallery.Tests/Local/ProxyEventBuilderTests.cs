using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Json;
using PhotoGallery.Core.Routing;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Tests.Core;

namespace PhotoGallery.Tests.Local;

public sealed class ProxyEventBuilderTests
{
    private static readonly DateTimeOffset Now = new(2024, 11, 22, 8, 15, 42, 123, TimeSpan.Zero);

    private static IncomingRequest Request(string method, string path, string query = "", byte[]? body = null,
        params (string, string)[] headers) =>
        new(method, path, query,
            [new("Host", "localhost:5080"), new("User-Agent", "curl/8"), .. headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2))],
            body, "127.0.0.1", "HTTP/1.1");

    private static JsonElement Build(IncomingRequest request, string function, Dictionary<string, string>? claims = null)
    {
        var route = RouteTable.ByName(function);
        var parameters = route.Match(request.Path)!;
        var proxyEvent = ProxyEventBuilder.Build(request, route, parameters, claims, "req-1", Now);
        return JsonDocument.Parse(JsonSerializer.Serialize(proxyEvent, GalleryJson.Web.ApiRequest)).RootElement;
    }

    private static JsonElement Recorded => JsonDocument.Parse(File.ReadAllText(ApiRequestTests.FixturePath)).RootElement;

    /// <summary>Same member names, in the same order, at every level the fixture defines.</summary>
    private static void AssertSameShape(JsonElement expected, JsonElement actual, string path)
    {
        Assert.That(actual.EnumerateObject().Select(p => p.Name), Is.EqualTo(expected.EnumerateObject().Select(p => p.Name)), path);
        foreach (var member in expected.EnumerateObject())
        {
            var value = actual.GetProperty(member.Name);
            if (member.Value.ValueKind == JsonValueKind.Object && member.Name is not ("headers" or "multiValueHeaders" or "pathParameters" or "claims"))
                AssertSameShape(member.Value, value, $"{path}.{member.Name}");
        }
    }

    [Test]
    public void Build_ProtectedGetWithClaims_SameFieldsAsARecordedAwsEvent()
    {
        var claims = new Dictionary<string, string> { ["cognito:username"] = "alice", ["token_use"] = "id" };

        var built = Build(Request("GET", "/photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM", headers: ("Authorization", "token")), "getphoto", claims);

        AssertSameShape(Recorded, built, "$");
    }

    [Test]
    public void Build_GetWithoutQuery_QueryMapsNullLikeAws()
    {
        var built = Build(Request("GET", "/photos"), "getphotos", []);

        Assert.That(built.GetProperty("queryStringParameters").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(built.GetProperty("multiValueQueryStringParameters").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(built.GetProperty("pathParameters").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(built.GetProperty("stageVariables").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(built.GetProperty("body").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(built.GetProperty("isBase64Encoded").GetBoolean(), Is.False);
    }

    [Test]
    public void Build_Any_ResourceTemplatePathAndStagePath()
    {
        var built = Build(Request("GET", "/photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM"), "getphoto", []);
        var context = built.GetProperty("requestContext");

        Assert.That(built.GetProperty("resource").GetString(), Is.EqualTo("/photos/{photoId}"));
        Assert.That(built.GetProperty("path").GetString(), Is.EqualTo("/photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM"));
        Assert.That(built.GetProperty("pathParameters").GetProperty("photoId").GetString(), Is.EqualTo("01JD3ZK8Q2V7W4X9Y6T5R3P1NM"));
        Assert.That(context.GetProperty("path").GetString(), Is.EqualTo("/local/photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM"));
        Assert.That(context.GetProperty("resourcePath").GetString(), Is.EqualTo("/photos/{photoId}"));
        Assert.That(context.GetProperty("requestTime").GetString(), Is.EqualTo("22/Nov/2024:08:15:42 +0000"));
        Assert.That(context.GetProperty("requestTimeEpoch").GetInt64(), Is.EqualTo(1732263342123));
        Assert.That(context.GetProperty("requestId").GetString(), Is.EqualTo("req-1"));
        Assert.That(context.GetProperty("identity").GetProperty("sourceIp").GetString(), Is.EqualTo("127.0.0.1"));
        Assert.That(context.GetProperty("identity").GetProperty("userAgent").GetString(), Is.EqualTo("curl/8"));
    }

    [Test]
    public void Build_GivenStageApiAndAccount_RequestContextCarriesThem()
    {
        var route = RouteTable.ByName("getphotos");
        var proxyEvent = ProxyEventBuilder.Build(Request("GET", "/photos"), route, new Dictionary<string, string>(), null, "req-1", Now,
            stage: "prod", apiId: "a1b2c3d4e5", accountId: "123456789012");
        var context = JsonDocument.Parse(JsonSerializer.Serialize(proxyEvent, GalleryJson.Web.ApiRequest)).RootElement.GetProperty("requestContext");

        Assert.That(context.GetProperty("stage").GetString(), Is.EqualTo("prod"));
        Assert.That(context.GetProperty("path").GetString(), Is.EqualTo("/prod/photos"));
        Assert.That(context.GetProperty("apiId").GetString(), Is.EqualTo("a1b2c3d4e5"));
        Assert.That(context.GetProperty("accountId").GetString(), Is.EqualTo("123456789012"));
    }

    [Test]
    public void Build_UnprotectedRoute_NoAuthorizer()
    {
        var built = Build(Request("POST", "/signup", body: "{}"u8.ToArray()), "signup");

        Assert.That(built.GetProperty("requestContext").GetProperty("authorizer").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(built.GetProperty("body").GetString(), Is.EqualTo("{}"));
    }

    [Test]
    public void Build_RepeatedHeader_LastInHeadersAllInMultiValueHeaders()
    {
        var built = Build(Request("GET", "/photos", headers: [("X-Tag", "one"), ("X-Tag", "two")]), "getphotos", []);

        Assert.That(built.GetProperty("headers").GetProperty("X-Tag").GetString(), Is.EqualTo("two"));
        Assert.That(built.GetProperty("multiValueHeaders").GetProperty("X-Tag").EnumerateArray().Select(v => v.GetString()),
            Is.EqualTo(new[] { "one", "two" }));
        Assert.That(built.GetProperty("headers").GetProperty("X-Forwarded-For").GetString(), Is.EqualTo("127.0.0.1"));
        Assert.That(built.GetProperty("headers").GetProperty("X-Forwarded-Port").GetString(), Is.EqualTo("5080"));
        Assert.That(built.GetProperty("headers").GetProperty("X-Amzn-Trace-Id").GetString(), Does.StartWith("Root=1-"));
    }

    [TestCase("?a=1", "a", "1", new[] { "1" })]
    [TestCase("?a=1&a=2", "a", "2", new[] { "1", "2" })]
    [TestCase("?q=sun%20set", "q", "sun set", new[] { "sun set" })]
    [TestCase("?q=sun+set", "q", "sun set", new[] { "sun set" })]
    [TestCase("?flag", "flag", "", new[] { "" })]
    [TestCase("?q=caf%C3%A9", "q", "café", new[] { "café" })]
    public void QueryMaps_QueryString_LastValueAndAllValues(string raw, string name, string last, string[] all)
    {
        var (single, multi) = ProxyEventBuilder.QueryMaps(raw);

        Assert.That(single![name], Is.EqualTo(last));
        Assert.That(multi![name], Is.EqualTo(all));
    }

    [TestCase("")]
    [TestCase("?")]
    public void QueryMaps_NoQuery_BothNull(string raw)
    {
        var (single, multi) = ProxyEventBuilder.QueryMaps(raw);

        Assert.That(single, Is.Null);
        Assert.That(multi, Is.Null);
    }
}
