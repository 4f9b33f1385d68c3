using NUnit.Framework;
using PhotoGallery.Rehearsal.Gateway;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Gateway;

public sealed class InvokePermissionsTests
{
    private const string Function = "arn:aws:lambda:us-east-1:123456789012:function:PhotoGallery-getphoto";

    [TestCase("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos/*", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos/01JD", true)]
    [TestCase("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos/*", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos", false)]
    [TestCase("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos", true)]
    [TestCase("arn:aws:execute-api:us-east-1:123456789012:abc/*/*/*", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos/x/y", true, TestName = "ArnLike: * spans slashes")]
    [TestCase("arn:aws:execute-api:us-east-1:123456789012:abc/test-invoke-stage/GET/photos/*", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos/1", false)]
    [TestCase("arn:aws:execute-api:us-east-1:123456789012:abc/prod/POST/photos", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos", false)]
    [TestCase("arn:aws:execute-api:us-east-1:123456789012:xyz/prod/GET/photos", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos", false, TestName = "ArnLike: another API")]
    [TestCase("arn:aws:execute-api:*:123456789012:abc/prod/GET/photos", "arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/photos", true)]
    [TestCase("arn:aws:execute-api:*:abc/prod/GET/photos", "arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/photos", false, TestName = "ArnLike: * stays in its part")]
    [TestCase("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photo?", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos", true)]
    [TestCase("arn:aws:execute-api:us-east-1:123456789012:abc/Prod/GET/photos", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos", false, TestName = "ArnLike: case matters")]
    public void ArnLike_Pattern_MatchesAsIamDoes(string pattern, string arn, bool expected)
    {
        Assert.That(InvokePermissions.ArnLike(pattern, arn), Is.EqualTo(expected));
    }

    [Test]
    public void SourceArn_Request_ExecuteApiArnWithoutLeadingSlash()
    {
        Assert.That(InvokePermissions.SourceArn("us-east-1", "123456789012", "abc", "prod", "GET", "/photos/1"),
            Is.EqualTo("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos/1"));
    }

    [TestCase(Function, "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos/*", true)]
    [TestCase(Function, "apigateway.amazonaws.com", null, true, TestName = "Allows: no SourceArn, any API")]
    [TestCase(Function, "s3.amazonaws.com", null, false, TestName = "Allows: another service")]
    [TestCase("arn:aws:lambda:us-east-1:123456789012:function:PhotoGallery-search", "apigateway.amazonaws.com", null, false, TestName = "Allows: another function")]
    public void Allows_Grant_AsLambdasResourcePolicy(string function, string principal, string? sourceArn, bool expected)
    {
        var grants = new[] { new InvokeGrant(function, principal, sourceArn) };

        Assert.That(InvokePermissions.Allows(grants, Function, "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/photos/01JD"), Is.EqualTo(expected));
    }
}
