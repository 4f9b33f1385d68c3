using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;

namespace PhotoGallery.Tests.Core;

public sealed class JsonBodyTests
{
    private static JsonBody Parse(string? body) => JsonBody.Parse(new ApiRequest { HttpMethod = "POST", Body = body });

    private static GalleryException Fails(Action action) => Assert.Throws<GalleryException>(action)!;

    [TestCase(null, "empty")]
    [TestCase("", "empty")]
    [TestCase("{\"a\":", "not valid JSON")]
    [TestCase("{'single':'quotes'}", "not valid JSON")]
    [TestCase("[1]", "must be a JSON object")]
    [TestCase("\"text\"", "must be a JSON object")]
    public void Parse_NotAJsonObject_MalformedJson(string? body, string says)
    {
        var error = Fails(() => Parse(body));

        Assert.That(error.Code, Is.EqualTo(ErrorCode.MalformedJson));
        Assert.That(error.Message, Does.Contain(says));
    }

    [Test]
    public void Parse_InvalidJson_SaysWhere() =>
        Assert.That(Fails(() => Parse("{\n  \"title\": oops\n}")).Message, Does.Contain("line 2"));

    [Test]
    public void Parse_Base64Body_Decoded()
    {
        var body = JsonBody.Parse(new ApiRequest { HttpMethod = "POST", Body = Convert.ToBase64String("{\"a\":\"b\"}"u8), IsBase64Encoded = true });

        Assert.That(body.RequiredString("a"), Is.EqualTo("b"));
    }

    [TestCase("{\"title\":5}", "'title' must be a string, not a number")]
    [TestCase("{\"title\":{}}", "'title' must be a string, not an object")]
    [TestCase("{}", "'title' is required")]
    [TestCase("{\"title\":\"  \"}", "'title' is required")]
    public void RequiredString_WrongOrMissing_NamesTheField(string json, string message) =>
        Assert.That(Fails(() => Parse(json).RequiredString("title")).Message, Does.Contain(message));

    [TestCase("{\"size\":\"12\"}", "'size' must be a whole number, not a string")]
    [TestCase("{\"size\":1.5}", "'size' must be a whole number")]
    [TestCase("{\"size\":1e40}", "'size' must be a whole number")]
    [TestCase("{}", "'size' is required")]
    public void RequiredInt64_WrongOrMissing_NamesTheField(string json, string message) =>
        Assert.That(Fails(() => Parse(json).RequiredInt64("size")).Message, Does.Contain(message));

    [TestCase("{\"tags\":[\"a\",\"b\"]}", new[] { "a", "b" })]
    [TestCase("{\"tags\":\"a, b\"}", new[] { "a", " b" })]
    [TestCase("{\"tags\":null}", new string[0])]
    [TestCase("{}", new string[0])]
    public void OptionalStringList_ArrayOrCommaString(string json, string[] expected) =>
        Assert.That(Parse(json).OptionalStringList("tags"), Is.EqualTo(expected));

    [TestCase("{\"tags\":[1]}")]
    [TestCase("{\"tags\":5}")]
    public void OptionalStringList_WrongType_InvalidParameter(string json) =>
        Assert.That(Fails(() => Parse(json).OptionalStringList("tags")).Code, Is.EqualTo(ErrorCode.InvalidParameter));

    [TestCase("{\"complete\":\"yes\"}")]
    [TestCase("{\"complete\":1}")]
    public void OptionalBoolean_WrongType_InvalidParameter(string json) =>
        Assert.That(Fails(() => Parse(json).OptionalBoolean("complete")).Message, Does.Contain("true or false"));

    [TestCase("{\"title\":\"\\ud800\"}", "title")]
    [TestCase("{\"title\":\"ok \\udfff then\"}", "title")]
    [TestCase("{\"tags\":[\"sea\",\"\\ud83d\"]}", "tags")]
    [TestCase("{\"tags\":\"sea, \\ud83d\"}", "tags")]
    [TestCase("{\"title\":\"\\u0000\"}", "title")]
    [TestCase("{\"title\":\"\\ufffd\"}", "title")]
    public void String_NotUnicodeText_InvalidParameterNamingTheField(string json, string field)
    {
        var body = Parse(json);

        var error = Fails(() => _ = field == "tags" ? (object)body.OptionalStringList(field) : body.OptionalString(field));

        Assert.That(error.Code, Is.EqualTo(ErrorCode.InvalidParameter));
        Assert.That(error.Message, Does.StartWith($"'{field}' must be Unicode text"));
    }

    [Test]
    public void String_EscapedSurrogatePair_ReadAsOneCharacter() =>
        Assert.That(Parse("{\"title\":\"\\ud83c\\udf05\"}").RequiredString("title"), Is.EqualTo("🌅"));

    [Test]
    public void Parse_Base64BodyThatIsNotUtf8_InvalidParameterNamingTheField()
    {
        byte[] bytes = [.. "{\"title\":\"caf"u8, 0xE9, .. "\"}"u8];
        var body = JsonBody.Parse(new ApiRequest { HttpMethod = "POST", Body = Convert.ToBase64String(bytes), IsBase64Encoded = true });

        Assert.That(Fails(() => body.OptionalString("title")).Message, Does.StartWith("'title' must be Unicode text"));
    }

    [Test]
    public void Parse_ByteOrderMark_Ignored() =>
        Assert.That(Parse("\uFEFF{\"a\":\"b\"}").RequiredString("a"), Is.EqualTo("b"));

    [Test]
    public void Parse_NestedDeeperThanJsonDocumentAllows_MalformedJson() =>
        Assert.That(Fails(() => Parse("{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}")).Code, Is.EqualTo(ErrorCode.MalformedJson));

    [Test]
    public void RequiredInt64_HugeNumber_InvalidParameter() =>
        Assert.That(Fails(() => Parse("{\"size\":1e400}").RequiredInt64("size")).Message, Does.Contain("'size' must be a whole number"));

    [Test]
    public void Parse_MemberNameWithUnpairedSurrogate_MalformedJson() =>
        Assert.That(Fails(() => Parse("{\"ti\\ud800tle\":\"x\",\"title\":\"y\"}")).Code, Is.EqualTo(ErrorCode.MalformedJson));
}
