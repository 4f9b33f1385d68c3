using Microsoft.Playwright;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// Base of every browser fixture: one headless Chromium per fixture, and per test a fresh gallery host
/// (own data folder, own clock) and a fresh browser context (no cookies, no storage) on a new page.
/// </summary>
public abstract class BrowserTest
{
    // Debian's Chromium in a container: no sandbox (root), no GPU, and nothing that phones home.
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private GalleryServer? _server;
    private IBrowserContext? _context;
    private IPage? _page;
    private IBrowserContext? _scratch;
    private IPage? _scratchPage;
    private PhotoImages? _images;
    private readonly List<string> _pageErrors = [];
    private readonly List<string> _policyViolations = [];
    private readonly List<string> _traffic = [];

    /// <summary>
    /// Reports each Content-Security-Policy violation of any page of the context to the console, where the
    /// test collects it: every browser test runs the page under the policy the host serves it with.
    /// </summary>
    public const string ReportPolicyViolations = """
        document.addEventListener("securitypolicyviolation", (e) =>
          console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
        """;
    private int _screenshots;

    protected GalleryServer Server => _server ?? throw new InvalidOperationException("No server outside a test.");

    protected IPage Page => _page ?? throw new InvalidOperationException("No page outside a test.");

    protected IBrowser Browser => _browser ?? throw new InvalidOperationException("No browser outside a fixture.");

    /// <summary>The test's hand on a photo's image state (see <see cref="PhotoImages"/>).</summary>
    protected PhotoImages Images => _images ?? throw new InvalidOperationException("No images outside a test.");

    [OneTimeSetUp]
    public async Task LaunchBrowserAsync()
    {
        // The driver is the node program inside the Microsoft.Playwright package: nothing is downloaded.
        _playwright = await Playwright.CreateAsync();
        // Playwright gives every launch a fresh temporary profile (user data dir) and removes it on close.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumInstall.ExecutablePath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    [OneTimeTearDown]
    public async Task CloseBrowserAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    [SetUp]
    public async Task OpenPageAsync()
    {
        _screenshots = 0;
        // Screenshots of an earlier run of this test would mix with this run's.
        if (Directory.Exists(ScreenshotFolder)) Directory.Delete(ScreenshotFolder, recursive: true);
        _pageErrors.Clear();
        _policyViolations.Clear();
        lock (_traffic) _traffic.Clear();
        _server = await GalleryServer.StartAsync();
        _context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        _context.SetDefaultTimeout(15_000);
        // Assertions wait as long as actions. Playwright's own 5 s was once too short in CI, where the test projects
        // share two cores: a search answered 5 s after it was typed (a wait only; what the assertions check is unchanged).
        SetDefaultExpectTimeout(15_000);
        await _context.AddInitScriptAsync(ReportPolicyViolations);
        _page = await _context.NewPageAsync();
        _page.PageError += (_, error) => _pageErrors.Add(error);
        _page.Console += (_, message) =>
        {
            if (message.Text.StartsWith("CSP violation", StringComparison.Ordinal)) _policyViolations.Add(message.Text);
            Record($"console.{message.Type}: {message.Text}");
        };
        _page.Response += (_, response) => Record($"{response.Request.Method} {response.Url} -> {response.Status}");
        _page.RequestFailed += (_, request) => Record($"{request.Method} {request.Url} failed: {request.Failure}");
        _images = new PhotoImages(Server, ScratchPageAsync);
    }

    /// <summary>A blank page in a context of its own, for work done in the browser that is not under test.</summary>
    private async Task<IPage> ScratchPageAsync()
    {
        _scratch ??= await Browser.NewContextAsync();
        return _scratchPage ??= await _scratch.NewPageAsync();
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        try
        {
            if (_page is not null && TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            {
                // The report first: a page that closed or crashed cannot be photographed, and the report says so.
                await ReportFailureAsync();
                try
                {
                    await ScreenshotAsync("failure");
                }
                catch (PlaywrightException e)
                {
                    TestContext.Out.WriteLine($"(no screenshot of the failure: {e.Message})");
                }
            }
            // An uncaught script error is a bug even when the steps happened to pass.
            Assert.That(_pageErrors, Is.Empty, "The page threw uncaught errors.");
            // So is anything the page's Content-Security-Policy had to block (tests that break it on purpose say so).
            Assert.That(_policyViolations.Where(v => !ExpectedViolation(v)), Is.Empty, "The page broke its Content-Security-Policy.");
        }
        finally
        {
            if (_context is not null) await _context.CloseAsync();
            if (_scratch is not null) await _scratch.CloseAsync();
            if (_server is not null) await _server.DisposeAsync();
            _page = null;
            _context = null;
            _scratch = null;
            _scratchPage = null;
            _images = null;
            _server = null;
        }
    }

    private const int TrafficKept = 60;

    private void Record(string line)
    {
        var stamped = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
        lock (_traffic)
        {
            _traffic.Add(stamped);
            if (_traffic.Count > TrafficKept) _traffic.RemoveAt(0);
        }
    }

    /// <summary>
    /// What a failed test's reader needs to tell a slow or failed request from a page bug: the page's address and
    /// notices, its last requests and console lines, and the host's log.
    /// </summary>
    private async Task ReportFailureAsync()
    {
        var output = TestContext.Out;
        try
        {
            output.WriteLine($"Page at failure: {Page.Url}");
            foreach (var notice in await Page.Locator(".notice, [role=alert]").AllInnerTextsAsync())
                if (!string.IsNullOrWhiteSpace(notice)) output.WriteLine($"Notice shown: {notice.Trim()}");
        }
        catch (PlaywrightException e)
        {
            output.WriteLine($"(the page could not be read: {e.Message})");
        }
        lock (_traffic)
        {
            output.WriteLine($"The page's last {_traffic.Count} requests and console lines:");
            foreach (var line in _traffic) output.WriteLine("  " + line);
        }
        var log = _server?.Log ?? "";
        output.WriteLine(log.Length == 0 ? "The host logged nothing." : "The host's log:\n" + log);
    }

    /// <summary>The violations the test itself committed on purpose, as <see cref="PolicyViolations"/> reported them.</summary>
    protected virtual bool ExpectedViolation(string violation) => false;

    /// <summary>The Content-Security-Policy violations the page reported so far.</summary>
    protected IReadOnlyList<string> PolicyViolations => _policyViolations;

    /// <summary>Logs in through the log-in view and waits for the gallery.</summary>
    protected async Task LogInAsync(string username, string password, IPage? page = null)
    {
        page ??= Page;
        await page.GotoAsync("/#/login");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#photo-grid")).ToBeAttachedAsync();
    }

    /// <summary>Where this test's screenshots go: screenshots/&lt;Fixture&gt;.&lt;Test&gt;/ in the test output folder.</summary>
    private static string ScreenshotFolder
    {
        get
        {
            var test = TestContext.CurrentContext.Test;
            return Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", $"{test.ClassName?.Split('.').Last()}.{test.MethodName}");
        }
    }

    /// <summary>
    /// Set to 1 to refresh the lab guide's screenshots: each screenshot taken with a <c>guide</c> name is
    /// also copied to <c>docs/images/</c> under that name
    /// (<c>UPDATE_GUIDE_SCREENSHOTS=1 dotnet test tests/PhotoGallery.Browser.Tests</c>).
    /// </summary>
    public const string UpdateGuideScreenshots = "UPDATE_GUIDE_SCREENSHOTS";

    /// <summary>
    /// Saves a screenshot of the whole page as test output, numbered in the order taken; with
    /// <paramref name="guide"/>, it is also the guide's <c>docs/images/</c> file of that name when
    /// <see cref="UpdateGuideScreenshots"/> is set.
    /// </summary>
    protected async Task<string> ScreenshotAsync(string name, IPage? page = null, string? guide = null)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{++_screenshots:00}-{name}.png");
        page ??= Page;
        // Park the pointer in a corner so no tile is caught in its hover state.
        await page.Mouse.MoveAsync(0, 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
        if (guide is not null && Environment.GetEnvironmentVariable(UpdateGuideScreenshots) == "1")
            File.Copy(path, RepositoryRoot.Combine("docs", "images", guide), overwrite: true);
        return path;
    }
}
