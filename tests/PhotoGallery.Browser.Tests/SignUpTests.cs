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
}
