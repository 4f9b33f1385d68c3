using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;

namespace PhotoGallery.Browser.Tests;

/// <summary>Runs once before every browser test in this assembly: installs Chromium when it is missing.</summary>
[SetUpFixture]
public sealed class BrowserSetup
{
    [OneTimeSetUp]
    public async Task InstallChromiumAsync() => await ChromiumInstall.EnsureAsync(TextWriter.Synchronized(TestContext.Progress));
}
