using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Aws;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;
using PhotoGallery.Emulators;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>
/// The user pool contract on Cognito, played by cognito-local, through the gallery's own JSON client; the
/// app client has a secret, so every call also carries a SECRET_HASH.
/// </summary>
[TestFixture]
[Category(TestCategories.Emulators)]
public sealed class CognitoUserPoolTests : UserPoolContract
{
    private IUserPool _pool = null!;

    protected override IUserPool Pool => _pool;

    // cognito-local answers ConfirmSignUp for an unknown user with NotAuthorizedException, where Cognito says
    // UserNotFoundException, and for a confirmed user with ExpiredCodeException (it forgets the code), where
    // Cognito says NotAuthorizedException "User cannot be confirmed. Current status is CONFIRMED". The adapter
    // maps Cognito's answers to the contract's codes (CognitoErrorsTests proves it on Cognito's own error
    // bodies); here the test accepts what the emulator can say.
    protected override ErrorCode ConfirmingUnknownUser => ErrorCode.NotAuthorized;

    protected override ErrorCode ConfirmingTwice => ErrorCode.ExpiredCode;

    [OneTimeSetUp]
    public async Task CreatePool()
    {
        var app = await Emulators.Running.CreateUserPoolAsync("tests-" + Guid.NewGuid().ToString("N")[..8], withSecret: true, default);
        Assert.That(app.ClientSecret, Is.Not.Null, "the app client should have a secret");
        _pool = AwsBackend.UserPool(Emulators.Running.CognitoSettings(app));
    }

    protected override Task<string> CodeSentToAsync(string username) => Task.FromResult(EmulatorSet.ConfirmationCode);
}
