using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;

namespace PhotoGallery.Browser.Tests;

/// <summary>
/// Runs once before the browser tests: installs Chromium when it is missing. Its steps go to
/// TestContext.Error, which <c>dotnet test</c> shows at its default verbosity (as warnings), and the
/// full apt output to TestContext.Progress (<c>--logger "console;verbosity=normal"</c> shows it).
/// </summary>
[SetUpFixture]
public sealed class BrowserSetup
{
    [OneTimeSetUp]
    public async Task InstallChromiumAsync() => await ChromiumInstall.EnsureAsync(TextWriter.Synchronized(TestContext.Progress), TextWriter.Synchronized(TestContext.Error));
}
