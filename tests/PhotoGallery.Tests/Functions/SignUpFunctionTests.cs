using NUnit.Framework;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

public sealed class SignUpFunctionTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public void SetUp() => _gallery = new TestGallery();

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private Task<Reply> SignUpAsync(object body) => _gallery.InvokeAsync("signup", ApiEvent.For("signup").WithBody(body));

    private static object Alice(string password = TestGallery.Password, string email = "alice@example.com", string username = "alice") =>
        new { username, password, name = "Alice Example", email };

    [Test]
    public async Task SignUp_NewUser_201UnconfirmedAndCodeInOutbox()
    {
        var reply = await SignUpAsync(Alice());

        reply.ShouldBe(201);
        Assert.That(reply.Json.GetProperty("username").GetString(), Is.EqualTo("alice"));
        Assert.That(reply.Json.GetProperty("confirmed").GetBoolean(), Is.False);
        Assert.That(reply.Json.GetProperty("codeDelivery").GetProperty("destination").GetString(), Is.EqualTo("a***@e***.com"));
        Assert.That(reply.Json.GetProperty("codeDelivery").GetProperty("deliveryMedium").GetString(), Is.EqualTo("EMAIL"));
        var message = _gallery.Backend.Users.Outbox().Single();
        Assert.That(message.Username, Is.EqualTo("alice"));
        Assert.That(message.Code, Does.Match("^[0-9]{6}$"));
        Assert.That(_gallery.Console.ToString(), Does.Contain(message.Code));
    }

    [Test]
    public async Task SignUp_TakenUsername_409UsernameExists()
    {
        await SignUpAsync(Alice());

        (await SignUpAsync(Alice(email: "other@example.com"))).ShouldBeProblem(409, "UsernameExists");
    }

    [Test]
    public async Task SignUp_TakenUsernameInOtherCase_409UsernameExists()
    {
        await SignUpAsync(Alice());

        (await SignUpAsync(Alice(username: "ALICE"))).ShouldBeProblem(409, "UsernameExists");
    }

    [TestCase("short1!A", false)]
    [TestCase("nouppercase1!", true)]
    [TestCase("NOLOWERCASE1!", true)]
    [TestCase("NoNumbers!!", true)]
    [TestCase("NoSymbols123", true)]
    public async Task SignUp_WeakPassword_400InvalidPasswordNamingTheRule(string password, bool weak)
    {
        var reply = await SignUpAsync(Alice(password));

        if (!weak)
        {
            reply.ShouldBe(201);
            return;
        }
        reply.ShouldBeProblem(400, "InvalidPassword");
        Assert.That(reply.Detail, Does.StartWith("Password must"));
        Assert.That(_gallery.Backend.Users.Outbox(), Is.Empty, "a refused sign-up sends no code");
    }

    [Test]
    public async Task SignUp_MissingField_400InvalidParameterNamingIt()
    {
        var reply = await SignUpAsync(new { username = "bob", password = TestGallery.Password, email = "bob@example.com" });

        reply.ShouldBeProblem(400, "InvalidParameter");
        Assert.That(reply.Detail, Does.Contain("'name'"));
    }

    [Test]
    public async Task SignUp_WrongType_400InvalidParameterNamingIt()
    {
        var reply = await _gallery.InvokeAsync("signup", ApiEvent.For("signup")
            .WithJson("""{"username":42,"password":"Corr3ct-Horse!","name":"Bob","email":"bob@example.com"}"""));

        reply.ShouldBeProblem(400, "InvalidParameter");
        Assert.That(reply.Detail, Does.Contain("'username' must be a string"));
    }

    [TestCase("not-an-email")]
    [TestCase("bob@")]
    public async Task SignUp_BadEmail_400InvalidParameter(string email) =>
        (await SignUpAsync(Alice(email: email))).ShouldBeProblem(400, "InvalidParameter");

    [Test]
    public async Task SignUp_UsernameWithSpace_400InvalidParameter() =>
        (await SignUpAsync(Alice(username: "alice smith"))).ShouldBeProblem(400, "InvalidParameter");

    [TestCase("")]
    [TestCase("{")]
    [TestCase("[]")]
    [TestCase("username=alice&password=x")]
    public async Task SignUp_MalformedBody_400MalformedJson(string body) =>
        (await _gallery.InvokeAsync("signup", ApiEvent.For("signup").WithJson(body))).ShouldBeProblem(400, "MalformedJson");
}
