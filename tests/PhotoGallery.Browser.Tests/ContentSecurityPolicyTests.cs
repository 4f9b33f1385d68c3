using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using PhotoGallery.Functions;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>
/// The page under its Content-Security-Policy: served with it, enforced by the browser (what the policy
/// forbids really does not run), and obeyed by the page itself: every browser test fails on a violation
/// (<see cref="BrowserTest"/>), so the whole suite runs the gallery under the policy.
/// </summary>
[Category(TestCategories.Browser)]
public sealed class ContentSecurityPolicyTests : BrowserTest
{
    private const string Injected = "injected on purpose";

    protected override bool ExpectedViolation(string violation) =>
        TestContext.CurrentContext.Test.MethodName == nameof(InjectedScriptStyleAndEval_BlockedAndReported);

    [Test]
    public async Task Page_ServedWithThePolicyAndTheOtherHeaders()
    {
        var response = await Page.GotoAsync("/");

        var headers = await response!.AllHeadersAsync();
        Assert.That(headers["content-security-policy"], Is.EqualTo(PageSecurity.ContentSecurityPolicy([], [])));
        Assert.That(headers["x-content-type-options"], Is.EqualTo("nosniff"));
        Assert.That(headers["x-frame-options"], Is.EqualTo("DENY"));
        Assert.That(headers["referrer-policy"], Is.EqualTo("no-referrer"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task InjectedScriptStyleAndEval_BlockedAndReported()
    {
        await Page.GotoAsync("/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();

        // What an injection would try: an inline script, an inline style, code from a string. The test's own
        // evaluate comes through the devtools channel, which no page policy covers (even an eval() inside it
        // runs), so strings are compiled later, by a timer, where the page's policy applies.
        var outcome = await Page.EvaluateAsync<string[]>($$"""
            async () => {
              const script = document.createElement("script");
              script.textContent = "window.injected = true;";
              document.body.append(script);
              const styled = document.createElement("p");
              styled.setAttribute("style", "color: rgb(1, 2, 3)");
              styled.textContent = "{{Injected}}";
              document.body.append(styled);
              setTimeout("window.compiled = true;", 0);
              await new Promise((done) => setTimeout(done, 200));
              return [String(window.injected), getComputedStyle(styled).color, String(window.compiled)];
            }
            """);

        Assert.That(outcome[0], Is.EqualTo("undefined"), "the inline script ran");
        Assert.That(outcome[1], Is.Not.EqualTo("rgb(1, 2, 3)"), "the inline style applied");
        Assert.That(outcome[2], Is.EqualTo("undefined"), "a string was compiled as code");
        Assert.That(PolicyViolations, Has.Some.Contains("script-src-elem"));
        Assert.That(PolicyViolations, Has.Some.Contains("style-src-attr"));
        Assert.That(PolicyViolations, Has.Some.Contains("blocked eval"));
    }

    [Test]
    public async Task SignUpConfirmFromTheOutboxAndLogIn_NoViolation()
    {
        // The confirm view reads /_local/info and /_local/outbox: same-origin requests the host still answers.
        await Page.GotoAsync("/#/signup");
        await Page.GetByLabel("Username").FillAsync("grace");
        await Page.GetByLabel("Your name").FillAsync("Grace Hopper");
        await Page.GetByLabel("Email").FillAsync("grace@example.com");
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync("Compiler-Bug1947");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Fill in the code from the outbox" }).ClickAsync();
        await Expect(Page.GetByLabel("Confirmation code")).ToHaveValueAsync(Server.CodeFor("grace"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm email" }).ClickAsync();
        await Page.GetByLabel("Password").FillAsync("Compiler-Bug1947");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "No photos yet" })).ToBeVisibleAsync();
        Assert.That(PolicyViolations, Is.Empty);
    }
}
