using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Adapters.Tests.Contracts;

/// <summary>What every <see cref="IUserPool"/> must do. The pool is shared by the fixture; each test signs up users of its own.</summary>
public abstract class UserPoolContract
{
    protected const string Password = "Corr3ct-Horse!";

    protected abstract IUserPool Pool { get; }

    /// <summary>The confirmation code the pool sent to <paramref name="username"/>.</summary>
    protected abstract Task<string> CodeSentToAsync(string username);

    /// <summary>What confirming an unknown user gives. The contract says UserNotFound; see the Cognito fixture for the one emulator that differs.</summary>
    protected virtual ErrorCode ConfirmingUnknownUser => ErrorCode.UserNotFound;

    /// <summary>What confirming a confirmed user gives. The contract says AlreadyConfirmed; see the Cognito fixture.</summary>
    protected virtual ErrorCode ConfirmingTwice => ErrorCode.AlreadyConfirmed;

    [Test]
    public async Task SignUpAsync_NewUser_SendsTheCodeByEmail()
    {
        var delivery = await Pool.SignUpAsync(NewUser(), default);

        Assert.That(delivery.DeliveryMedium, Is.EqualTo("EMAIL"));
        Assert.That(delivery.AttributeName, Is.EqualTo("email"));
        Assert.That(delivery.Destination, Is.Not.Empty);
    }

    [Test]
    public async Task SignUpAsync_TakenUsername_ThrowsUsernameExists()
    {
        var user = NewUser();
        await Pool.SignUpAsync(user, default);

        await AssertFailsAsync(() => Pool.SignUpAsync(user with { Email = "other@example.com" }, default), ErrorCode.UsernameExists);
    }

    [TestCase("Sh1!a")]
    [TestCase("alllowercase1!")]
    [TestCase("NoDigitsHere!")]
    [TestCase("NoSymbols123")]
    public async Task SignUpAsync_PasswordBreaksAPolicyRule_ThrowsInvalidPassword(string password)
    {
        await AssertFailsAsync(() => Pool.SignUpAsync(NewUser() with { Password = password }, default), ErrorCode.InvalidPassword);
    }

    [Test]
    public async Task ConfirmSignUpAsync_TheCodeSent_LetsTheUserSignIn()
    {
        var user = NewUser();
        await Pool.SignUpAsync(user, default);

        await Pool.ConfirmSignUpAsync(user.Username, await CodeSentToAsync(user.Username), "127.0.0.1", default);

        var session = await Pool.SignInAsync(user.Username, Password, default);
        Assert.That(session.User, Is.EqualTo(new UserProfile(user.Username, user.Name, user.Email)));
    }

    [Test]
    public async Task ConfirmSignUpAsync_WrongCode_ThrowsCodeMismatch()
    {
        var user = NewUser();
        await Pool.SignUpAsync(user, default);
        var wrong = (await CodeSentToAsync(user.Username)) == "000000" ? "111111" : "000000";

        await AssertFailsAsync(() => Pool.ConfirmSignUpAsync(user.Username, wrong, "127.0.0.1", default), ErrorCode.CodeMismatch);
    }

    [Test]
    public async Task ConfirmSignUpAsync_UnknownUser_ThrowsUserNotFound()
    {
        await AssertFailsAsync(() => Pool.ConfirmSignUpAsync(NewUser().Username, "123456", "127.0.0.1", default), ConfirmingUnknownUser);
    }

    [Test]
    public async Task ConfirmSignUpAsync_AlreadyConfirmed_ThrowsAlreadyConfirmed()
    {
        var user = await ConfirmedUserAsync();

        await AssertFailsAsync(() => Pool.ConfirmSignUpAsync(user.Username, "123456", "127.0.0.1", default), ConfirmingTwice);
    }

    [Test]
    public async Task SignInAsync_Unconfirmed_ThrowsUserNotConfirmed()
    {
        var user = NewUser();
        await Pool.SignUpAsync(user, default);

        await AssertFailsAsync(() => Pool.SignInAsync(user.Username, Password, default), ErrorCode.UserNotConfirmed);
    }

    [Test]
    public async Task SignInAsync_WrongPassword_ThrowsNotAuthorized()
    {
        var user = await ConfirmedUserAsync();

        await AssertFailsAsync(() => Pool.SignInAsync(user.Username, Password + "x", default), ErrorCode.NotAuthorized);
    }

    [Test]
    public async Task SignInAsync_UnknownUser_ThrowsNotAuthorized()
    {
        await AssertFailsAsync(() => Pool.SignInAsync(NewUser().Username, Password, default), ErrorCode.NotAuthorized);
    }

    [Test]
    public async Task SignInAsync_ConfirmedUser_ReturnsTokensAndProfile()
    {
        var user = await ConfirmedUserAsync();

        var session = await Pool.SignInAsync(user.Username, Password, default);

        Assert.That(session.IdToken.Split('.'), Has.Length.EqualTo(3));
        Assert.That(session.AccessToken.Split('.'), Has.Length.EqualTo(3));
        Assert.That(session.RefreshToken, Is.Not.Empty);
        Assert.That(session.ExpiresIn, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(session.TokenType, Is.EqualTo("Bearer"));
        Assert.That(session.User, Is.EqualTo(new UserProfile(user.Username, user.Name, user.Email)));
    }

    protected async Task<NewUser> ConfirmedUserAsync()
    {
        var user = NewUser();
        await Pool.SignUpAsync(user, default);
        await Pool.ConfirmSignUpAsync(user.Username, await CodeSentToAsync(user.Username), "127.0.0.1", default);
        return user;
    }

    protected static NewUser NewUser()
    {
        var username = "user" + Guid.NewGuid().ToString("N")[..10];
        return new NewUser(username, Password, $"Ana {username[4..8]}", $"{username}@example.com");
    }

    protected static async Task AssertFailsAsync(Func<Task> call, ErrorCode expected)
    {
        var error = await Assert.ThrowsAsync<GalleryException>(async () => await call());
        Assert.That(error!.Code, Is.EqualTo(expected), error.Message);
    }
}
