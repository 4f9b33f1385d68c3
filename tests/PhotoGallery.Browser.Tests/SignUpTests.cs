using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

[Category(TestCategories.Browser)]
public sealed class SignUpTests : BrowserTest
{
    [Test]
    public async Task SignUp_WeakPassword_SaysWhichRuleFailed()
    {
        await Page.GotoAsync("/#/signup");
        await Page.GetByLabel("Username").FillAsync("grace");
        await Page.GetByLabel("Your name").FillAsync("Grace Hopper");
        await Page.GetByLabel("Email").FillAsync("grace@example.com");
        var password = Page.GetByLabel("Password", new() { Exact = true });
        await password.FillAsync("cobol-1959");

        // The rules tick as they are met; the missing one stays unticked.
        await Expect(Page.Locator("#password-rules li:not(.is-met)")).ToHaveTextAsync(["an uppercase letter"]);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // The API's problem detail, in the alert and next to the field, which gets the focus back.
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That password isn't accepted. Password must contain an uppercase letter.");
        await Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(password).ToBeFocusedAsync();
        await Expect(Page.Locator(".field-error:not([hidden])")).ToHaveTextAsync("Password must contain an uppercase letter.");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" })).ToBeVisibleAsync();
        Assert.That(Server.Host.Backend.Users.Outbox(), Is.Empty, "no account was made, so no code was sent");
        await ScreenshotAsync("weak-password");
    }

    [Test]
    public async Task SignUp_RefusedPassword_ErrorGoesOnceTheRuleIsMet()
    {
        await Page.GotoAsync("/#/signup");
        await Page.GetByLabel("Username").FillAsync("grace");
        await Page.GetByLabel("Your name").FillAsync("Grace Hopper");
        await Page.GetByLabel("Email").FillAsync("grace@example.com");
        var password = Page.GetByLabel("Password", new() { Exact = true });
        await password.FillAsync("cobol-1959");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        var error = Page.Locator(".field-error:not([hidden])");
        await Expect(error).ToHaveTextAsync("Password must contain an uppercase letter.");

        // Still no uppercase letter: the error stays.
        await password.PressSequentiallyAsync("x");
        await Expect(error).ToHaveTextAsync("Password must contain an uppercase letter.");
        await Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        // The rule is met: the error and the summary above the form go at once, before any new submit.
        await password.PressSequentiallyAsync("Y");
        await Expect(error).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(password).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(password).ToHaveAttributeAsync("aria-describedby", "password-rules-intro password-rules");
    }
}
