using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Users;

namespace PhotoGallery.Aws.Users;

/// <summary>
/// The one place where Cognito's error types become the contract's codes, per operation, since the same
/// Cognito type means different things in different calls. An error not listed here (a wrong client id,
/// a missing permission) is a deployment bug: <see cref="Map"/> returns <c>null</c>, the error propagates as it
/// is and becomes a 500 with its details logged.
/// </summary>
public static class CognitoErrors
{
    // On a user who is already confirmed, Cognito's ConfirmSignUp says NotAuthorizedException with this text.
    private const string AlreadyConfirmedText = "Current status is CONFIRMED";

    // An app client with a secret and a function without it (USER_POOL_CLIENT_SECRET): Cognito says
    // NotAuthorizedException, which must not read as the user's wrong password. It is a deployment bug.
    private const string SecretHashText = "Unable to verify secret hash";

    public static GalleryException? Map(CognitoException error) => error.CognitoMessage.Contains(SecretHashText, StringComparison.OrdinalIgnoreCase)
        ? null
        : error.Operation switch
    {
        "SignUp" => SignUp(error),
        "ConfirmSignUp" => ConfirmSignUp(error),
        "InitiateAuth" => SignIn(error),
        _ => Common(error),
    };

    private static GalleryException? SignUp(CognitoException error) => error.Type switch
    {
        "UsernameExistsException" => new GalleryException(ErrorCode.UsernameExists, "That username is taken; choose another."),
        // Cognito's message names the policy rule that failed ("Password must have uppercase characters").
        "InvalidPasswordException" => new GalleryException(ErrorCode.InvalidPassword, Say(error, "The password does not meet the pool's policy.")),
        "CodeDeliveryFailureException" => new GalleryException(ErrorCode.UpstreamError, "The confirmation email could not be sent; try again later."),
        _ => Common(error),
    };

    private static GalleryException? ConfirmSignUp(CognitoException error) => error.Type switch
    {
        "CodeMismatchException" => new GalleryException(ErrorCode.CodeMismatch, "That confirmation code is not the one we sent; check the email."),
        "ExpiredCodeException" => new GalleryException(ErrorCode.ExpiredCode, "That confirmation code has expired."),
        "UserNotFoundException" => new GalleryException(ErrorCode.UserNotFound, "There is no such user; sign up first."),
        "NotAuthorizedException" when error.CognitoMessage.Contains(AlreadyConfirmedText, StringComparison.OrdinalIgnoreCase) =>
            new GalleryException(ErrorCode.AlreadyConfirmed, "This user is already confirmed; log in."),
        "NotAuthorizedException" => new GalleryException(ErrorCode.NotAuthorized, "This user cannot be confirmed."),
        "TooManyFailedAttemptsException" => TooMany(),
        _ => Common(error),
    };

    private static GalleryException? SignIn(CognitoException error) => error.Type switch
    {
        // Cognito's lockout after repeated wrong passwords: NotAuthorizedException "Password attempts exceeded".
        "NotAuthorizedException" when error.CognitoMessage.Contains(SignInLockout.ExceededText, StringComparison.OrdinalIgnoreCase) =>
            SignInLockout.Exceeded(),
        // One answer for unknown users and wrong passwords, so the API does not reveal who has an account.
        // cognito-local reports a wrong password as InvalidPasswordException where Cognito says NotAuthorized.
        "NotAuthorizedException" or "UserNotFoundException" or "InvalidPasswordException" =>
            new GalleryException(ErrorCode.NotAuthorized, "Incorrect username or password."),
        "UserNotConfirmedException" => new GalleryException(ErrorCode.UserNotConfirmed, "Confirm your email first: enter the code we sent you."),
        "PasswordResetRequiredException" => new GalleryException(ErrorCode.NotAuthorized, "This account's password must be reset before it can log in."),
        _ => Common(error),
    };

    private static GalleryException? Common(CognitoException error) => error.Type switch
    {
        "InvalidParameterException" => new GalleryException(ErrorCode.InvalidParameter, Say(error, "Cognito rejected a parameter.")),
        "TooManyRequestsException" or "LimitExceededException" => TooMany(),
        "InternalErrorException" or CognitoException.Unreachable => Upstream(),
        _ when (int)error.Status >= 500 => Upstream(),
        _ => null,
    };

    private static GalleryException TooMany() =>
        new(ErrorCode.TooManyRequests, "Too many attempts right now; wait a moment and try again.");

    private static GalleryException Upstream() =>
        new(ErrorCode.UpstreamError, "The user service did not answer; try again in a moment.");

    // Cognito's messages for these two describe the caller's own input and are written for people.
    private static string Say(CognitoException error, string fallback) =>
        error.CognitoMessage.Length > 0 ? error.CognitoMessage : fallback;
}
