using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

[Category(TestCategories.Browser)]
public sealed class LogInTests : BrowserTest
{
    [Test]
    public async Task LogIn_WrongPassword_SaysSoAndStaysLoggedOut()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("linus", "Penguin-1991", "Linus");

        await Page.GotoAsync("/#/login");
        // The first Tab reaches the skip link; following it keeps the view (the hash is the route).
        await Page.Keyboard.PressAsync("Tab");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#main")).ToBeFocusedAsync();
        Assert.That(Page.Url, Does.EndWith("#/login"));

        await Page.GetByLabel("Username").FillAsync("linus");
        await Page.GetByLabel("Password").FillAsync("Penguin-1992");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Incorrect username or password.");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await Expect(Page.GetByLabel("Password")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.GetByLabel("Password")).ToHaveValueAsync("");
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();
        Assert.That(await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('photogallery.session')"), Is.Null);
        await ScreenshotAsync("wrong-password");

        // The right password still works afterwards.
        await Page.GetByLabel("Password").FillAsync("Penguin-1991");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(Page.GetByText("Welcome, Linus.")).ToBeVisibleAsync();
    }

    [Test]
    public async Task LogIn_WithEmailAddress_SaysToUseTheUsername()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("linus", "Penguin-1991", "Linus");

        await Page.GotoAsync("/#/login");
        await Page.GetByLabel("Username").FillAsync("linus@example.com");
        await Page.GetByLabel("Password").FillAsync("Penguin-1991");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        const string Said = "That is an email address. Log in with your username: the name you chose when you signed up.";
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(Said);
        await Expect(Page.GetByLabel("Username")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.GetByLabel("Username")).ToHaveAccessibleDescriptionAsync(Said);
        await ScreenshotAsync("email-instead-of-username");

        // Typing the username takes the message away; then logging in works.
        await Page.GetByLabel("Username").FillAsync("linus");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(Page.GetByLabel("Username")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Page.GetByLabel("Password").FillAsync("Penguin-1991");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(Page.GetByText("Welcome, Linus.")).ToBeVisibleAsync();
    }
}
