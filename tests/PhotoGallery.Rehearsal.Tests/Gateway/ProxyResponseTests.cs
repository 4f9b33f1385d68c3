using System.Text;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Gateway;

namespace PhotoGallery.Rehearsal.Tests.Gateway;

public sealed class ProxyResponseTests
{
    private static (ProxyResponse? Response, string? Problem) Read(string json) => ProxyResponse.Read(Encoding.UTF8.GetBytes(json));

    [Test]
    public void Read_FullResponse_HeadersMergedBodyDecoded()
    {
        var (response, problem) = Read("""
            {"statusCode":201,"headers":{"Content-Type":"text/plain","X-One":"a","Set-Cookie":"c=1"},
             "multiValueHeaders":{"Set-Cookie":["c=1","d=2"],"X-Many":["x","y"]},"body":"aGk=","isBase64Encoded":true}
            """);

        Assert.That(problem, Is.Null);
        Assert.That(response!.StatusCode, Is.EqualTo(201));
        Assert.That(response.Headers["content-type"], Is.EqualTo(new[] { "text/plain" }));
        Assert.That(response.Headers["Set-Cookie"], Is.EqualTo(new[] { "c=1", "d=2" }), "a pair in both maps appears once");
        Assert.That(response.Headers["X-Many"], Is.EqualTo(new[] { "x", "y" }));
        Assert.That(Encoding.UTF8.GetString(response.Body), Is.EqualTo("hi"));
    }

    [TestCase("""{"statusCode":204}""", 204, "")]
    [TestCase("""{"statusCode":200,"body":null,"headers":null,"multiValueHeaders":null}""", 200, "")]
    [TestCase("""{"statusCode":200,"body":"{\"a\":1}","isBase64Encoded":false}""", 200, """{"a":1}""")]
    [TestCase("""{"statusCode":404,"headers":{"X-Count":3,"X-Flag":true},"body":"no"}""", 404, "no", TestName = "Read: number and boolean header values as text")]
    public void Read_ValidResponse_StatusAndBody(string json, int status, string body)
    {
        var (response, problem) = Read(json);

        Assert.That(problem, Is.Null);
        Assert.That(response!.StatusCode, Is.EqualTo(status));
        Assert.That(Encoding.UTF8.GetString(response.Body), Is.EqualTo(body));
    }

    [TestCase("not json", "not JSON")]
    [TestCase("\"ok\"", "not a JSON object")]
    [TestCase("""{"Hello":"World"}""", "member \"Hello\"")]
    [TestCase("""{"body":"x"}""", "statusCode is missing")]
    [TestCase("""{"statusCode":"200","body":"x"}""", "statusCode is missing or not an HTTP status number")]
    [TestCase("""{"statusCode":99}""", "not an HTTP status number")]
    [TestCase("""{"statusCode":200,"body":{"a":1}}""", "body is not a string")]
    [TestCase("""{"statusCode":200,"extra":1}""", "member \"extra\"")]
    [TestCase("""{"statusCode":200,"headers":{"X":{"a":1}}}""", "headers.X is not a single value")]
    [TestCase("""{"statusCode":200,"headers":[]}""", "headers is not an object")]
    [TestCase("""{"statusCode":200,"multiValueHeaders":{"X":"a"}}""", "multiValueHeaders.X is not a list")]
    [TestCase("""{"statusCode":200,"body":"%%%","isBase64Encoded":true}""", "not base64")]
    [TestCase("""{"statusCode":200,"isBase64Encoded":"yes"}""", "isBase64Encoded is not true or false")]
    public void Read_Malformed_Problem(string json, string problem)
    {
        var (response, found) = Read(json);

        Assert.That(response, Is.Null);
        Assert.That(found, Does.Contain(problem));
    }
}
