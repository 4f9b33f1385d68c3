using NUnit.Framework;
using PhotoGallery.Docs.Tests.Support;

namespace PhotoGallery.Docs.Tests;

/// <summary>The comparison behind "you should see": it must catch a doc that drifts, and nothing else.</summary>
public sealed class ExpectationTests
{
    [Test]
    public void CompareJson_SameValuesOtherLayout_NoDifference() =>
        Assert.That(Expectation.CompareJson("{\n  \"a\": 1,\n  \"b\": [true]\n}", """{"b":[true],"a":1}"""), Is.Empty);

    [Test]
    public void CompareJson_DifferentValue_Reported() =>
        Assert.That(Expectation.CompareJson("""{"status":409}""", """{"status":400}"""), Has.Count.EqualTo(1));

    [Test]
    public void CompareJson_MemberNotInTheDocs_Reported() =>
        Assert.That(Expectation.CompareJson("""{"a":1}""", """{"a":1,"b":2}"""), Has.One.Contains("\"b\""));

    [Test]
    public void CompareJson_EllipsisInString_MatchesAnyText() =>
        Assert.That(Expectation.CompareJson("""{"idToken":"eyJ…","n":"…"}""", """{"idToken":"eyJhbGciOi.x.y","n":null}"""), Is.Empty);

    [Test]
    public void CompareJson_EllipsisPrefixDiffers_Reported() =>
        Assert.That(Expectation.CompareJson("""{"url":"http://a/…"}""", """{"url":"http://b/x"}"""), Is.Not.Empty);

    [Test]
    public void CompareJson_OpenArrayShorterThanShown_Reported() =>
        Assert.That(Expectation.CompareJson("""[1, 2, "…"]""", "[1]"), Is.Not.Empty);

    [Test]
    public void CompareJson_OpenArrayLonger_NoDifference() =>
        Assert.That(Expectation.CompareJson("""[1, "…"]""", "[1, 2, 3]"), Is.Empty);

    [Test]
    public void CompareJson_NotJson_Reported() =>
        Assert.That(Expectation.CompareJson("{}", "curl: (7) Failed to connect"), Is.Not.Empty);

    [Test]
    public void CompareHttp_StatusHeaderAndBody_NoDifference() =>
        Assert.That(Expectation.CompareHttp(
            "HTTP/1.1 401 Unauthorized\nAccess-Control-Allow-Origin: *\n\n{\"message\":\"Unauthorized\"}",
            "HTTP/1.1 401 Unauthorized\r\nDate: x\r\naccess-control-allow-origin: *\r\n\r\n{\"message\":\"Unauthorized\"}"), Is.Empty);

    [Test]
    public void CompareHttp_WrongStatus_Reported() =>
        Assert.That(Expectation.CompareHttp("HTTP/1.1 204 No Content", "HTTP/1.1 401 Unauthorized\n\n{}"), Has.One.Contains("status 401"));

    [Test]
    public void CompareHttp_MissingHeader_Reported() =>
        Assert.That(Expectation.CompareHttp("HTTP/1.1 204 No Content\nAccess-Control-Max-Age: 600", "HTTP/1.1 204 No Content\n"), Is.Not.Empty);

    [Test]
    public void CompareText_LinesInOrder_NoDifference() =>
        Assert.That(Expectation.CompareText("Score: …/100 …\nReport …", "PASS a\nScore: 100/100 (100%)\nx\nReport written"), Is.Empty);

    [Test]
    public void CompareText_LineMissing_Reported() =>
        Assert.That(Expectation.CompareText("Score: 100/100 …", "Score: 90/100 (90%)"), Is.Not.Empty);
}
