using NUnit.Framework;
using PhotoGallery.Core.Ports;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Functions;

public sealed class ConfirmEmailFunctionTests
{
    private TestGallery _gallery = null!;

    [SetUp]
    public async Task SetUp()
    {
        _gallery = new TestGallery();
        await _gallery.Backend.Users.SignUpAsync(new NewUser("carol", TestGallery.Password, "Carol", "carol@example.com"), default);
    }

    [TearDown]
    public void TearDown() => _gallery.Dispose();

    private string Code => _gallery.Backend.Users.Outbox().First(m => m.Username == "carol").Code;

    private Task<Reply> ConfirmAsync(string username, string code, string source = "198.51.100.7") =>
        _gallery.InvokeAsync("confirmemail", ApiEvent.For("confirmemail").FromSource(source).WithBody(new { username, code }));

    private string Wrong => Code == "000000" ? "111111" : "000000";

    [Test]
    public async Task ConfirmEmail_RightCode_200Confirmed()
    {
        var reply = await ConfirmAsync("carol", Code);

        reply.ShouldBe(200);
        Assert.That(reply.Json.GetProperty("confirmed").GetBoolean(), Is.True);
        Assert.That(reply.Json.GetProperty("username").GetString(), Is.EqualTo("carol"));
    }

    [Test]
    public async Task ConfirmEmail_WrongCode_400CodeMismatchAndStillUnconfirmed()
    {
        var wrong = Code == "000000" ? "111111" : "000000";

        (await ConfirmAsync("carol", wrong)).ShouldBeProblem(400, "CodeMismatch");
        (await ConfirmAsync("carol", Code)).ShouldBe(200);
    }

    [Test]
    public async Task ConfirmEmail_FiveWrongCodes_429UntilTheLockoutPasses()
    {
        var wrong = Code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++) (await ConfirmAsync("carol", wrong)).ShouldBeProblem(400, "CodeMismatch");

        (await ConfirmAsync("carol", Code)).ShouldBeProblem(429, "TooManyRequests");
        _gallery.Clock.Advance(TimeSpan.FromMinutes(16));
        (await ConfirmAsync("carol", Code)).ShouldBe(200);
    }

    [Test]
    public async Task ConfirmEmail_CodeOlderThan24Hours_400ExpiredCode()
    {
        _gallery.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        (await ConfirmAsync("carol", Code)).ShouldBeProblem(400, "ExpiredCode");
    }

    [Test]
    public async Task ConfirmEmail_UnknownUser_404UserNotFound() =>
        (await ConfirmAsync("nobody", "123456")).ShouldBeProblem(404, "UserNotFound");

    [Test]
    public async Task ConfirmEmail_Twice_409AlreadyConfirmed()
    {
        await ConfirmAsync("carol", Code);

        (await ConfirmAsync("carol", "123456")).ShouldBeProblem(409, "AlreadyConfirmed");
    }

    [TestCase("12345")]
    [TestCase("abcdef")]
    public async Task ConfirmEmail_CodeNotSixDigits_400CodeMismatch(string code) =>
        (await ConfirmAsync("carol", code)).ShouldBeProblem(400, "CodeMismatch");

    [Test]
    public async Task ConfirmEmail_CodeAsNumber_400InvalidParameter()
    {
        var reply = await _gallery.InvokeAsync("confirmemail", ApiEvent.For("confirmemail").WithJson("""{"username":"carol","code":123456}"""));

        reply.ShouldBeProblem(400, "InvalidParameter");
        Assert.That(reply.Detail, Does.Contain("'code' must be a string"));
    }

    [Test]
    public async Task ConfirmEmail_StrangerUsedUpTheirAttempts_OwnerFromElsewhereStillConfirms()
    {
        for (var i = 0; i < 5; i++) (await ConfirmAsync("carol", Wrong, source: "203.0.113.66")).ShouldBeProblem(400, "CodeMismatch");
        (await ConfirmAsync("carol", Code, source: "203.0.113.66")).ShouldBeProblem(429, "TooManyRequests");

        (await ConfirmAsync("carol", Code, source: "198.51.100.7")).ShouldBe(200);
    }

    /// <summary>The race of the report (6–9 guesses per window with concurrent requests): exactly five are checked.</summary>
    [Test]
    public async Task ConfirmEmail_ThirtyConcurrentWrongCodes_OnlyFiveChecked()
    {
        var wrong = Wrong;

        var replies = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => ConfirmAsync("carol", wrong))));

        Assert.That(replies.Count(r => r.Code == "CodeMismatch"), Is.EqualTo(5));
        Assert.That(replies.Count(r => r.Code == "TooManyRequests"), Is.EqualTo(25));
    }

    [Test]
    public async Task ConfirmEmail_TwentyWrongCodesFromManySources_CodeRetiredAndANewOneSentToTheOwner()
    {
        var first = Code;
        var wrong = Wrong;
        for (var i = 0; i < 19; i++) (await ConfirmAsync("carol", wrong, source: $"203.0.113.{i}")).ShouldBeProblem(400, "CodeMismatch");

        var twentieth = (await ConfirmAsync("carol", wrong, source: "203.0.113.19")).ShouldBeProblem(400, "CodeMismatch");

        Assert.That(twentieth.Detail, Does.Contain("a new code is on its way"));
        var messages = _gallery.Backend.Users.Outbox().Where(m => m.Username == "carol").ToList();
        Assert.That(messages, Has.Count.EqualTo(2));
        var second = messages[0].Code;
        if (second != first) (await ConfirmAsync("carol", first, source: "203.0.113.1")).ShouldBeProblem(400, "CodeMismatch");
        (await ConfirmAsync("carol", second, source: "203.0.113.2")).ShouldBe(200);
    }
}
