using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

public sealed class LambdaErrorsTests
{
    private const string Id = "8f5e0c3a-1b2c-4d5e-8f90-123456789abc";

    [TestCase("""{"errorType":"InvalidOperationException","errorMessage":"boom"}""", "boom")]
    [TestCase("""{"errorType":"TargetInvocationException","errorMessage":"Exception has been thrown by the target of an invocation.","cause":{"errorType":"InvalidOperationException","errorMessage":"PHOTOS_BUCKET is not set."}}""",
        "Exception has been thrown by the target of an invocation. ---> InvalidOperationException: PHOTOS_BUCKET is not set.")]
    [TestCase("not json at all", "not json at all")]
    public void MessageOf_ErrorDocument_CarriesItsCauses(string document, string expected)
    {
        Assert.That(LambdaErrors.MessageOf(Encoding.UTF8.GetBytes(document)), Is.EqualTo(expected));
    }

    [Test]
    public void RuntimeExited_ExitStatus_IsLambdasRuntimeExitError()
    {
        var result = LambdaErrors.RuntimeExited(InvocationOutcome.InitError, Id, 106);

        Assert.That(result.ErrorType, Is.EqualTo("Runtime.ExitError"));
        Assert.That(result.ErrorMessage, Is.EqualTo($"RequestId: {Id} Error: Runtime exited with error: exit status 106"));
        var document = JsonNode.Parse(result.Payload)!;
        Assert.That((string)document["errorType"]!, Is.EqualTo("Runtime.ExitError"));
        Assert.That((string)document["errorMessage"]!, Is.EqualTo(result.ErrorMessage));
    }

    [Test]
    public void Reported_NoErrorType_IsRuntimeUnknown()
    {
        var result = LambdaErrors.Reported(InvocationOutcome.FunctionError, Id, null, Encoding.UTF8.GetBytes("{}"));

        Assert.That(result.ErrorType, Is.EqualTo("Runtime.Unknown"));
    }

    [Test]
    public void RequestTooLarge_HasNoDocument()
    {
        var result = LambdaErrors.RequestTooLarge(Id);

        Assert.That(result.Payload, Is.Null);
        Assert.That(result.ErrorMessage, Is.EqualTo("Request must be smaller than 6291456 bytes for the InvokeFunction operation"));
    }
}
