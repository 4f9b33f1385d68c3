using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Ports;

/// <summary>
/// Sign-up, confirmation and sign-in (a Cognito user pool on AWS, a local pool in SQLite). Failures are
/// <see cref="GalleryException"/>s with the contract's codes: UsernameExists, InvalidPassword,
/// CodeMismatch, ExpiredCode, UserNotFound, AlreadyConfirmed, NotAuthorized, UserNotConfirmed, TooManyRequests.
/// </summary>
public interface IUserPool
{
    Task<CodeDelivery> SignUpAsync(NewUser user, CancellationToken cancellationToken);

    /// <param name="source">Where the attempt comes from (API Gateway's <c>sourceIp</c>): a pool that limits wrong
    /// codes per source lets a stranger use up only their own attempts, never the owner's.</param>
    Task ConfirmSignUpAsync(string username, string code, string source, CancellationToken cancellationToken);

    Task<SignInResult> SignInAsync(string username, string password, CancellationToken cancellationToken);
}

public sealed record NewUser(string Username, string Password, string Name, string Email);

public sealed record CodeDelivery(string Destination, string DeliveryMedium, string AttributeName);

public sealed record UserProfile(string Username, string Name, string Email);

public sealed record SignInResult(
    string IdToken, string AccessToken, string RefreshToken, TimeSpan ExpiresIn, string TokenType, UserProfile User);
