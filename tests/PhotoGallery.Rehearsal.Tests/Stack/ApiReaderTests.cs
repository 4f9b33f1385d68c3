using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Stack;

public sealed class ApiReaderTests
{
    [TestCase("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:PhotoGallery-getphoto/invocations",
        "arn:aws:lambda:us-east-1:123456789012:function:PhotoGallery-getphoto")]
    [TestCase("arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:1:function:f:live/invocations",
        "arn:aws-cn:lambda:cn-north-1:1:function:f:live")]
    public void FunctionArnOf_LambdaInvocationUri_TheFunctionArn(string uri, string expected)
    {
        Assert.That(ApiReader.FunctionArnOf(uri, "Resources.M.Properties.Integration.Uri"), Is.EqualTo(expected));
    }

    [TestCase("https://example.com/backend")]
    [TestCase("arn:aws:apigateway:us-east-1:s3:path/bucket/key")]
    [TestCase("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/PhotoGallery-getphoto/invocations")]
    public void FunctionArnOf_OtherUri_ErrorNamesTheProperty(string uri)
    {
        var error = Assert.Throws<TemplateException>(() => ApiReader.FunctionArnOf(uri, "Resources.M.Properties.Integration.Uri"));

        Assert.That(error!.Message, Does.StartWith("Resources.M.Properties.Integration.Uri is \"" + uri).And.Contain("not a Lambda invocation URI"));
    }

    [Test]
    public void Headers_LiteralsAndMappings_QuotesRemovedOtherPrefixesIgnored()
    {
        var parameters = JsonNode.Parse("""
            {"gatewayresponse.header.Access-Control-Allow-Origin":"'*'",
             "gatewayresponse.header.Vary":"method.request.header.Origin",
             "gatewayresponse.header.Empty":"''",
             "gatewayresponse.querystring.x":"'ignored'"}
            """);

        var headers = ApiReader.Headers(parameters, "gatewayresponse.header.");

        Assert.That(headers, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["Access-Control-Allow-Origin"] = "*", ["Vary"] = "method.request.header.Origin", ["Empty"] = "",
        }));
    }
}
