using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>ID tokens live one hour. When one runs out the user is sent to log in, told why, and brought back.</summary>
[Category(TestCategories.Browser)]
public sealed class SessionTests : BrowserTest
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    [Test]
    public async Task ExpiredSession_GatewayAnswers401_BackToLogInWithMessage()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("margaret", "Apollo-11-1969", "Margaret");
        await LogInAsync("margaret", "Apollo-11-1969");
        await Page.GotoAsync("/#/upload");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Upload photos" })).ToBeVisibleAsync();

        // The server's clock moves past the token's lifetime; the browser's does not, so only the
        // gateway's 401 can tell the page.
        Server.Clock.Advance(TokenLifetime + TimeSpan.FromMinutes(1));
        var refused = Page.WaitForResponseAsync(r => r.Url.Contains("/photos?", StringComparison.Ordinal) && r.Status == 401);
        await Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Gallery" }).ClickAsync();
        await refused;

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Your session has expired. Please log in again.")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();
        await ScreenshotAsync("session-expired", guide: "frontend-session-expired.png");

        // Logging in again (the username is kept) returns to where the user was going.
        await Expect(Page.GetByLabel("Username")).ToHaveValueAsync("margaret");
        await Page.GetByLabel("Password").FillAsync("Apollo-11-1969");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "No photos yet" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task TokenExpiresWhileViewing_PageNoticesByItself_BackToLogInWithMessage()
    {
        using var api = new GalleryApi(Server);
        await api.CreateConfirmedUserAsync("katherine", "Orbit-1962!", "Katherine");
        await Page.Clock.InstallAsync();
        await LogInAsync("katherine", "Orbit-1962!");
        await Page.GotoAsync("/#/upload");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Upload photos" })).ToBeVisibleAsync();

        // No request is made: the page's own timer sees the token's exp pass.
        await Page.Clock.FastForwardAsync((long)(TokenLifetime + TimeSpan.FromMinutes(1)).TotalMilliseconds);

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Your session has expired. Please log in again.")).ToBeVisibleAsync();
        Assert.That(Page.Url, Does.Contain("next=%23%2Fupload"));
    }
}
