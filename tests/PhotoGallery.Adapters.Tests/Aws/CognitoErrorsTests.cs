using System.Net;
using NUnit.Framework;
using PhotoGallery.Aws.Users;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>
/// Cognito's own error answers, as AWS documents and sends them, mapped to the contract's codes. The
/// emulator cannot produce several of them (it has no password policy, and answers some cases differently).
/// </summary>
[TestFixture]
public sealed class CognitoErrorsTests
{
    [TestCase("SignUp", "UsernameExistsException", "User already exists", ErrorCode.UsernameExists)]
    [TestCase("SignUp", "InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters", ErrorCode.InvalidPassword)]
    [TestCase("SignUp", "InvalidParameterException", "Invalid email address format.", ErrorCode.InvalidParameter)]
    [TestCase("SignUp", "TooManyRequestsException", "Too many requests", ErrorCode.TooManyRequests)]
    [TestCase("SignUp", "CodeDeliveryFailureException", "Unable to deliver", ErrorCode.UpstreamError)]
    [TestCase("ConfirmSignUp", "CodeMismatchException", "Invalid verification code provided, please try again.", ErrorCode.CodeMismatch)]
    [TestCase("ConfirmSignUp", "ExpiredCodeException", "Invalid code provided, please request a code again.", ErrorCode.ExpiredCode)]
    [TestCase("ConfirmSignUp", "UserNotFoundException", "Username/client id combination not found.", ErrorCode.UserNotFound)]
    [TestCase("ConfirmSignUp", "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED", ErrorCode.AlreadyConfirmed)]
    [TestCase("ConfirmSignUp", "NotAuthorizedException", "User is disabled.", ErrorCode.NotAuthorized)]
    [TestCase("ConfirmSignUp", "LimitExceededException", "Attempt limit exceeded, please try after some time.", ErrorCode.TooManyRequests)]
    [TestCase("ConfirmSignUp", "TooManyFailedAttemptsException", "Too many failed attempts.", ErrorCode.TooManyRequests)]
    [TestCase("InitiateAuth", "NotAuthorizedException", "Incorrect username or password.", ErrorCode.NotAuthorized)]
    [TestCase("InitiateAuth", "UserNotFoundException", "User does not exist.", ErrorCode.NotAuthorized)]
    [TestCase("InitiateAuth", "InvalidPasswordException", "Invalid password", ErrorCode.NotAuthorized)]
    [TestCase("InitiateAuth", "UserNotConfirmedException", "User is not confirmed.", ErrorCode.UserNotConfirmed)]
    [TestCase("InitiateAuth", "InternalErrorException", "Internal error", ErrorCode.UpstreamError)]
    [TestCase("InitiateAuth", "Unreachable", "Connection refused", ErrorCode.UpstreamError)]
    public void Map_CognitoError_GivesTheContractCode(string operation, string type, string message, ErrorCode expected)
    {
        var mapped = CognitoErrors.Map(new CognitoException(operation, type, message, HttpStatusCode.BadRequest));

        Assert.That(mapped?.Code, Is.EqualTo(expected));
    }

    [TestCase("InitiateAuth", "ResourceNotFoundException", HttpStatusCode.BadRequest)]
    [TestCase("SignUp", "AccessDeniedException", HttpStatusCode.BadRequest)]
    public void Map_DeploymentError_IsLeftToFailLoudly(string operation, string type, HttpStatusCode status)
    {
        Assert.That(CognitoErrors.Map(new CognitoException(operation, type, "User pool client abc does not exist.", status)), Is.Null);
    }

    [TestCase("SignUp")]
    [TestCase("ConfirmSignUp")]
    [TestCase("InitiateAuth")]
    public void Map_SecretHashMissing_IsADeploymentErrorNotAWrongPassword(string operation)
    {
        var error = new CognitoException(operation, "NotAuthorizedException", "Unable to verify secret hash for client 4bq5qotn1hmrlil7k760cmcqll", HttpStatusCode.BadRequest);

        Assert.That(CognitoErrors.Map(error), Is.Null);
    }

    [Test]
    public void Map_UnknownErrorWithServerStatus_GivesUpstreamError()
    {
        var mapped = CognitoErrors.Map(new CognitoException("SignUp", "", "", HttpStatusCode.ServiceUnavailable));

        Assert.That(mapped?.Code, Is.EqualTo(ErrorCode.UpstreamError));
    }

    [Test]
    public void Map_InvalidPassword_KeepsCognitosWordsForTheRule()
    {
        const string rule = "Password did not conform with policy: Password must have symbol characters";

        var mapped = CognitoErrors.Map(new CognitoException("SignUp", "InvalidPasswordException", rule, HttpStatusCode.BadRequest));

        Assert.That(mapped?.Message, Is.EqualTo(rule));
    }
}
