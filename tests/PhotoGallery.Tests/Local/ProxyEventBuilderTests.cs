using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
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

    [Test]
    public void Serialize_Base64Body_PlusAndSlashWrittenAsTheyAre()
    {
        var proxyEvent = ProxyEventBuilder.Build(Request("POST", "/photos", body: """{"image":"ab+/cd=="}"""u8.ToArray()),
            RouteTable.ByName("addphoto"), new Dictionary<string, string>(), null, "req-1", Now);

        var json = JsonSerializer.Serialize(proxyEvent, GalleryJson.Web.ApiRequest);

        // API Gateway's serializer leaves them alone; \u002B for every '+' would inflate a photo's event.
        Assert.That(json, Does.Contain("""
            "body":"{\"image\":\"ab+/cd==\"}"
            """));
    }

    [Test]
    public void Build_LargestDocumentedInlineUpload_FitsLambdasPayloadLimitWithTheStatedMargin()
    {
        var route = RouteTable.ByName("addphoto");
        var request = BrowserRequest(LargestInlineUpload.Body());

        var proxyEvent = ProxyEventBuilder.Build(request, route, route.Match("/photos")!, CognitoClaims(), Guid.NewGuid().ToString(), Now);
        var size = JsonSerializer.SerializeToUtf8Bytes(proxyEvent, GalleryJson.Web.ApiRequest).Length;

        TestContext.Out.WriteLine($"Largest documented inline upload: the event is {size} bytes, {PhotoLimits.LambdaRequestPayloadBytes - size} under Lambda's limit.");
        Assert.That(size, Is.LessThanOrEqualTo(PhotoLimits.LambdaRequestPayloadBytes));
        Assert.That(PhotoLimits.LambdaRequestPayloadBytes - size, Is.GreaterThanOrEqualTo(StatedMargin), "the margin PhotoLimits documents");
    }

    /// <summary>What PhotoLimits promises stays free of Lambda's limit with the documented maximum.</summary>
    private const int StatedMargin = 300 * 1024;

    /// <summary>A POST from the deployed page in a desktop browser: its headers, and an ID token as long as Cognito's.</summary>
    internal static IncomingRequest BrowserRequest(string body) => new("POST", "/photos", "",
        [
            new("Accept", "application/json"),
            new("Accept-Encoding", "gzip, deflate, br, zstd"),
            new("Accept-Language", "en-US,en;q=0.9,fr;q=0.8"),
            new("Authorization", CognitoSizedIdToken),
            new("Content-Type", "application/json"),
            new("Host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"),
            new("Origin", "https://d111111abcdef8.cloudfront.net"),
            new("Referer", "https://d111111abcdef8.cloudfront.net/"),
            new("sec-ch-ua", "\"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\""),
            new("sec-ch-ua-mobile", "?0"),
            new("sec-ch-ua-platform", "\"Windows\""),
            new("sec-fetch-dest", "empty"),
            new("sec-fetch-mode", "cors"),
            new("sec-fetch-site", "cross-site"),
            new("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
            new("X-Forwarded-For", "203.0.113.7"),
        ],
        System.Text.Encoding.UTF8.GetBytes(body), "130.176.0.1", "HTTP/1.1");

    /// <summary>Cognito's ID tokens run to about 1.2 KB (header, fourteen claims, a 2048-bit RS256 signature).</summary>
    private static readonly string CognitoSizedIdToken =
        "eyJraWQiOiJ" + new string('Q', 60) + "." + new string('x', 780) + "." + new string('s', 342);

    /// <summary>The claims API Gateway's Cognito authorizer passes on (the recorded fixture's).</summary>
    private static Dictionary<string, string> CognitoClaims() =>
        Recorded.GetProperty("requestContext").GetProperty("authorizer").GetProperty("claims").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.GetString()!);

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
