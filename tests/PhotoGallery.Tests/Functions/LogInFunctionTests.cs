using System.Text;
using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Ports;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

public sealed class LogInFunctionTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public void SetUp() => _gallery = new TestGallery();

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private Task<Reply> LogInAsync(string username, string password) =>
        _gallery.InvokeAsync("login", ApiEvent.For("login").WithBody(new { username, password }));

    private static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]))).RootElement;

    [Test]
    public async Task LogIn_ConfirmedUser_200TokensAndUser()
    {
        await _gallery.ConfirmedUserAsync("dave");

        var reply = await LogInAsync("dave", TestGallery.Password);

        reply.ShouldBe(200);
        var json = reply.Json;
        Assert.That(json.GetProperty("tokenType").GetString(), Is.EqualTo("Bearer"));
        Assert.That(json.GetProperty("expiresIn").GetInt32(), Is.EqualTo(3600));
        Assert.That(json.GetProperty("refreshToken").GetString(), Has.Length.GreaterThan(20));
        Assert.That(json.GetProperty("user").GetProperty("email").GetString(), Is.EqualTo("dave@example.com"));
        var id = Payload(json.GetProperty("idToken").GetString()!);
        Assert.That(id.GetProperty("token_use").GetString(), Is.EqualTo("id"));
        Assert.That(id.GetProperty("cognito:username").GetString(), Is.EqualTo("dave"));
        Assert.That(id.GetProperty("aud").GetString(), Is.EqualTo(_gallery.Backend.Pool.ClientId));
        Assert.That(id.GetProperty("iss").GetString(), Is.EqualTo(_gallery.Backend.Pool.Issuer));
        var access = Payload(json.GetProperty("accessToken").GetString()!);
        Assert.That(access.GetProperty("token_use").GetString(), Is.EqualTo("access"));
        Assert.That(access.GetProperty("client_id").GetString(), Is.EqualTo(_gallery.Backend.Pool.ClientId));
    }

    [Test]
    public async Task LogIn_WrongPassword_401NotAuthorized()
    {
        await _gallery.ConfirmedUserAsync("dave");

        var reply = await LogInAsync("dave", "Wrong-Passw0rd!");

        reply.ShouldBeProblem(401, "NotAuthorized");
        Assert.That(reply.Body, Does.Not.Contain("Token"));
    }

    [Test]
    public async Task LogIn_UnknownUser_401NotAuthorizedLikeAWrongPassword()
    {
        var reply = await LogInAsync("ghost", TestGallery.Password);

        reply.ShouldBeProblem(401, "NotAuthorized");
        Assert.That(reply.Detail, Is.EqualTo("Incorrect username or password."));
    }

    [Test]
    public async Task LogIn_Unconfirmed_403UserNotConfirmed()
    {
        await _gallery.Backend.Users.SignUpAsync(new NewUser("erin", TestGallery.Password, "Erin", "erin@example.com"), default);

        (await LogInAsync("erin", TestGallery.Password)).ShouldBeProblem(403, "UserNotConfirmed");
    }

    [Test]
    public async Task LogIn_UnconfirmedWithWrongPassword_401NotAuthorized()
    {
        await _gallery.Backend.Users.SignUpAsync(new NewUser("erin", TestGallery.Password, "Erin", "erin@example.com"), default);

        (await LogInAsync("erin", "Wrong-Passw0rd!")).ShouldBeProblem(401, "NotAuthorized");
    }

    [Test]
    public async Task LogIn_MissingPassword_400InvalidParameter() =>
        (await _gallery.InvokeAsync("login", ApiEvent.For("login").WithBody(new { username = "dave" }))).ShouldBeProblem(400, "InvalidParameter");

    [Test]
    public async Task LogIn_FiveWrongPasswords_LockedOutEvenForTheRightOneUntilTheLockoutPasses()
    {
        await _gallery.ConfirmedUserAsync("dave");
        for (var i = 0; i < 5; i++) (await LogInAsync("dave", "Wrong-Passw0rd!")).ShouldBeProblem(401, "NotAuthorized");

        var locked = (await LogInAsync("dave", TestGallery.Password)).ShouldBeProblem(401, "NotAuthorized");

        Assert.That(locked.Detail, Does.StartWith("Password attempts exceeded"));
        _gallery.Clock.Advance(TimeSpan.FromSeconds(1));
        (await LogInAsync("dave", TestGallery.Password)).ShouldBe(200);
    }

    [Test]
    public async Task LogIn_EachFurtherWrongPassword_DoublesTheLockout()
    {
        await _gallery.ConfirmedUserAsync("dave");
        for (var i = 0; i < 5; i++) await LogInAsync("dave", "Wrong-Passw0rd!");
        _gallery.Clock.Advance(TimeSpan.FromSeconds(1));
        await LogInAsync("dave", "Wrong-Passw0rd!"); // the sixth: 2 seconds

        _gallery.Clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.That((await LogInAsync("dave", TestGallery.Password)).ShouldBeProblem(401, "NotAuthorized").Detail, Does.StartWith("Password attempts exceeded"));
        _gallery.Clock.Advance(TimeSpan.FromSeconds(0.5));
        (await LogInAsync("dave", TestGallery.Password)).ShouldBe(200);
    }

    [Test]
    public async Task LogIn_FifteenQuietMinutes_CountStartsAgain()
    {
        await _gallery.ConfirmedUserAsync("dave");
        for (var i = 0; i < 4; i++) await LogInAsync("dave", "Wrong-Passw0rd!");
        _gallery.Clock.Advance(TimeSpan.FromMinutes(15));

        Assert.That((await LogInAsync("dave", "Wrong-Passw0rd!")).Detail, Is.EqualTo("Incorrect username or password."));
        (await LogInAsync("dave", TestGallery.Password)).ShouldBe(200);
    }

    [Test]
    public async Task LogIn_UnknownUsername_LockedOutAlike()
    {
        for (var i = 0; i < 5; i++) (await LogInAsync("nobody", "Wrong-Passw0rd!")).ShouldBeProblem(401, "NotAuthorized");

        Assert.That((await LogInAsync("nobody", "Wrong-Passw0rd!")).Detail, Does.StartWith("Password attempts exceeded"));
    }

    /// <summary>Guesses raced at once are counted one by one: five passwords are checked, the rest refused unchecked.</summary>
    [Test]
    public async Task LogIn_TwentyConcurrentWrongPasswords_OnlyFiveChecked()
    {
        await _gallery.ConfirmedUserAsync("dave");

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => LogInAsync("dave", "Wrong-Passw0rd!"))));

        Assert.That(replies.All(r => r.Status == 401), Is.True);
        Assert.That(replies.Count(r => r.Detail == "Incorrect username or password."), Is.EqualTo(5));
        Assert.That(replies.Count(r => r.Detail.StartsWith("Password attempts exceeded", StringComparison.Ordinal)), Is.EqualTo(15));
    }
}
