using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Grader;
using PhotoGallery.Grader.Reports;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Tests.Support;
using static PhotoGallery.Tests.Support.BrokenFunctions;
using PhotoGallery.Core.Functions;

namespace PhotoGallery.Tests.Grader;

public sealed class GraderTests
{
    /// <summary>The local host makes a photo's images within a second of its upload (processphoto on the storage event); the grader's
    /// default wait of 30 s only costs time when they never come, and leaves room for a machine busy with other test runs.</summary>
    private static Task<GradeReport> GradeAsync(RunningHost host) => GradeAsync(host.BaseUrl);

    private static Task<GradeReport> GradeAsync(Uri api, TimeSpan? imageWait = null) =>
        PhotoGallery.Grader.Grader.GradeAsync(new GradeOptions { Api = api, Timeout = TimeSpan.FromSeconds(30), ImageWait = imageWait ?? TimeSpan.FromSeconds(30) });

    /// <summary>A local host, optionally broken; without images, the storage event reaches a processphoto that does nothing (as if S3 never called it).</summary>
    private static Task<RunningHost> StartHostAsync(
        Action<Dictionary<string, LambdaHandler>>? configure = null, IReadOnlyList<Route>? routes = null, bool makesImages = true) =>
        RunningHost.StartAsync(routes: routes, configureFunctions: functions =>
        {
            if (!makesImages) functions["processphoto"] = _ => Task.FromResult<Stream>(new MemoryStream());
            configure?.Invoke(functions);
        });

    [Test]
    public async Task GradeAsync_CorrectDeployment_FullMarks()
    {
        await using var host = await StartHostAsync();

        var report = await GradeAsync(host);

        Assert.That(report.Checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Detail}"), Is.Empty);
        Assert.That(report.Score, Is.EqualTo(100));
        Assert.That(report.Max, Is.EqualTo(100));
        Assert.That(report.Created, Has.Some.StartsWith("user grader-").And.Some.StartsWith("photo "));
    }

    /// <summary>A deployment broken in one way, the checks that way must fail, and words the first one's detail must hold.</summary>
    public sealed record Breakage(
        string Name, string[] FailedChecks, Action<Dictionary<string, LambdaHandler>>? Functions = null, IReadOnlyList<Route>? Routes = null,
        bool MakesImages = true, string? Says = null, string? NeverSays = null)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] NeedsToken =
    [
        "addphoto.stores-image", "getphotos.lists-newest-first", "getphotos.paginates", "getphoto.returns-photo",
        "getphoto.original-url-serves-bytes", "search.finds-by-prefix", "search.no-nonsense", "images.made-in-time", "images.served-as-jpeg",
    ];

    /// <summary>A route as a student leaves it: no authorizer on the method.</summary>
    private static IReadOnlyList<Route> WithoutAuthorizer(string name) =>
        [.. RouteTable.All.Select(r => r.Name == name ? r with { Auth = RouteAuth.None } : r)];

    /// <summary>
    /// A function that serves whoever calls, as students write them when the authorizer is missing: it reads the
    /// username out of the token without checking it, and serves callers without one as "anonymous".
    /// </summary>
    private static LambdaHandler Open(LambdaHandler inner) => Wrap(inner, request: r => r.RequestContext?.Authorizer is not null ? r : r with
    {
        RequestContext = r.RequestContext! with
        {
            Authorizer = new ApiAuthorizer { Claims = new() { ["cognito:username"] = UncheckedUsername(r) ?? "anonymous" } },
        },
    });

    private static string? UncheckedUsername(ApiRequest request)
    {
        var token = request.Headers?.FirstOrDefault(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value;
        if (token?.Split('.') is not [_, var payload, _]) return null;
        var json = Convert.FromBase64String(payload.Replace('-', '+').Replace('_', '/').PadRight(payload.Length + (4 - payload.Length % 4) % 4, '='));
        return JsonNode.Parse(json)?["cognito:username"]?.GetValue<string>();
    }

    public static IEnumerable<Breakage> Breakages() =>
    [
        new("case-sensitive search", ["search.finds-by-prefix"], Functions: f => f["search"] = Wrap(f["search"],
            response: (request, answer) => EditBody(answer, body =>
            {
                var q = request.Query("q") ?? "";
                var kept = body["photos"]!.AsArray().Where(p => p!["title"]!.GetValue<string>().Contains(q, StringComparison.Ordinal))
                    .Select(p => p!.DeepClone()).ToArray();
                body["photos"] = new JsonArray(kept);
            }))),
        // The most common API Gateway mistake: the function refuses everyone itself (its own 401, no claims), the token included.
        new("no authorizer on GET /photos", ["auth.getphotos", "getphotos.lists-newest-first", "getphotos.paginates"],
            Routes: WithoutAuthorizer("getphotos"), Says: "no Cognito authorizer", NeverSays: "bound to the getphotos function"),
        new("GET /photos/{photoId} open to anyone", ["auth.getphoto"],
            Routes: WithoutAuthorizer("getphoto"), Functions: f => f["getphoto"] = Open(f["getphoto"]), Says: "is open", NeverSays: "not there"),
        // Ignoring the limit also means never refusing a bad one (limit=abc), so two checks fail.
        new("getphotos ignores the limit", ["getphotos.paginates", "errors.json-problems"], Functions: f => f["getphotos"] = Wrap(f["getphotos"],
            request: r => r with { QueryStringParameters = null, MultiValueQueryStringParameters = null })),
        new("no CORS headers on responses", ["cors.headers"], Functions: f =>
        {
            foreach (var name in f.Keys.Where(n => RouteTable.All.Any(r => r.Name == n)).ToList())
            {
                f[name] = Wrap(f[name], response: (_, answer) => answer with
                {
                    Headers = answer.Headers?.Where(h => !h.Key.StartsWith("Access-Control-", StringComparison.Ordinal)).ToDictionary(),
                });
            }
        }),
        new("500 on malformed JSON", ["errors.json-problems"], Functions: f => f["signup"] = Wrap(f["signup"],
            response: (request, answer) => IsJson(request.Body) ? answer : answer with { StatusCode = 500, Body = """{"message":"Internal Server Error"}""" })),
        new("originalUrl that does not serve the bytes", ["getphoto.original-url-serves-bytes"], Functions: f => f["getphoto"] = Wrap(f["getphoto"],
            response: (_, answer) => EditBody(answer, body => body["photo"]!["originalUrl"] = body["photo"]!["imageUrl"]!.DeepClone()))),
        new("imageUrl that serves the original", ["images.served-as-jpeg"], Functions: f => f["getphoto"] = Wrap(f["getphoto"],
            response: (_, answer) => EditBody(answer, body => body["photo"]!["imageUrl"] = body["photo"]!["originalUrl"]!.DeepClone()))),
        new("images never made (processphoto not subscribed)", ["images.made-in-time", "images.served-as-jpeg"], MakesImages: false,
            Says: "processphoto subscribed"),
        new("login without tokens", ["login.returns-tokens", .. NeedsToken], Functions: f => f["login"] = Wrap(f["login"],
            response: (_, answer) => EditBody(answer, body =>
            {
                body.Remove("idToken");
                body.Remove("accessToken");
                body.Remove("refreshToken");
            }))),
        new("search bound to POST", ["routes.search", "auth.search", "search.finds-by-prefix", "search.no-nonsense"],
            Routes: [.. RouteTable.All.Select(r => r.Name == "search" ? r with { Method = "POST" } : r)]),
        new("weak passwords accepted", ["signup.rejects-weak-password"], Functions: f => f["signup"] = Wrap(f["signup"],
            response: (request, answer) => request.Body?.Contains("\"weak\"", StringComparison.Ordinal) == true
                ? answer with { StatusCode = 201, Body = """{"username":"x","confirmed":false}""" }
                : answer)),
        new("GET /photos bound to the search function", ["routes.getphotos", "getphotos.lists-newest-first", "getphotos.paginates"],
            Functions: f => f["getphotos"] = f["search"]),
        // An unknown id then lists the gallery (200) instead of a 404, so the error check fails too.
        new("GET /photos/{photoId} bound to the getphotos function",
            ["routes.getphoto", "getphoto.returns-photo", "getphoto.original-url-serves-bytes", "errors.json-problems", "images.made-in-time", "images.served-as-jpeg"],
            Functions: f => f["getphoto"] = f["getphotos"]),
        new("gallery listed oldest first", ["getphotos.lists-newest-first"], Functions: f => f["getphotos"] = Wrap(f["getphotos"],
            response: (_, answer) => EditBody(answer, body =>
                body["photos"] = new JsonArray(body["photos"]!.AsArray().Reverse().Select(p => p!.DeepClone()).ToArray())))),
    ];

    [TestCaseSource(nameof(Breakages))]
    public async Task GradeAsync_BrokenDeployment_LosesExactlyTheBrokenChecks(Breakage breakage)
    {
        await using var host = await StartHostAsync(breakage.Functions, breakage.Routes, breakage.MakesImages);
        // Where the images are meant to be missing, the grader need not wait long to find out.
        var imagesMissing = breakage.FailedChecks.Contains("images.made-in-time");

        var report = await GradeAsync(host.BaseUrl, imagesMissing ? TimeSpan.FromSeconds(5) : null);

        var failed = report.Checks.Where(c => !c.Passed).Select(c => c.Id);
        Assert.That(failed, Is.EquivalentTo(breakage.FailedChecks), string.Join("\n", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Detail}")));
        var lost = Rubric.Default.Checks.Where(c => breakage.FailedChecks.Contains(c.Id)).Sum(c => c.Points);
        Assert.That(report.Score, Is.EqualTo(100 - lost));
        Assert.That(report.Checks.Where(c => !c.Passed).Select(c => c.Detail), Has.All.Length.GreaterThan(20), "each lost point says what to fix");
        Assert.That(report.Status, Is.EqualTo(GradeStatus.Graded));
        var first = report.Checks.First(c => !c.Passed).Detail;
        if (breakage.Says is not null) Assert.That(first, Does.Contain(breakage.Says));
        if (breakage.NeverSays is not null) Assert.That(report.Checks.Select(c => c.Detail), Has.None.Contains(breakage.NeverSays));
    }

    [Test]
    public async Task GradeAsync_NothingListening_UnreachableWithTheNextStep()
    {
        var report = await PhotoGallery.Grader.Grader.GradeAsync(new GradeOptions { Api = new Uri("http://127.0.0.1:1/prod"), Timeout = TimeSpan.FromSeconds(5) });

        Assert.That(report.Status, Is.EqualTo(GradeStatus.Unreachable));
        Assert.That(report.Score, Is.Zero);
        Assert.That(report.Note, Does.Contain("did not answer").And.Contain("stage included"));
        // The transport's reason, not only HttpClient's "An error occurred while sending the request."
        Assert.That(report.Note, Does.Contain("Connection refused"));
    }

    /// <summary>API Gateway answers for a stage the API does not have (or none) with its own 403; the grader finds the stage.</summary>
    [TestCase("", TestName = "GradeAsync_UrlWithoutItsStage_MisconfiguredAndSaysWhichUrl")]
    [TestCase("dev", TestName = "GradeAsync_UrlWithAWrongStage_MisconfiguredAndSaysWhichUrl")]
    public async Task GradeAsync_StageNotInTheUrl_Misconfigured(string stageGiven)
    {
        await using var host = await StartHostAsync();
        await using var gateway = await GatewayProxy.StartAsync(host.BaseUrl, stage: "prod");

        var report = await GradeAsync(new Uri(gateway.BaseUrl, stageGiven));

        Assert.That(report.Status, Is.EqualTo(GradeStatus.Misconfigured));
        Assert.That(report.Score, Is.Zero);
        Assert.That(report.Checks, Is.Empty);
        Assert.That(report.Note, Does.Contain("API Gateway answers").And.Contain($"The API answers at {gateway.BaseUrl}prod"));
    }

    [Test]
    public async Task GradeAsync_StageGivenToAHostWithout_MisconfiguredAndSaysTheRoot()
    {
        await using var host = await StartHostAsync();

        var report = await GradeAsync(new Uri(host.BaseUrl, "prod"));

        Assert.That(report.Status, Is.EqualTo(GradeStatus.Misconfigured));
        Assert.That(report.Note, Does.Contain($"The API answers at {host.BaseUrl.ToString().TrimEnd('/')}:"));
    }

    [Test]
    public async Task GradeAsync_TheStageThroughAGateway_FullMarks()
    {
        await using var host = await StartHostAsync();
        await using var gateway = await GatewayProxy.StartAsync(host.BaseUrl, stage: "prod");

        var report = await GradeAsync(new Uri(gateway.BaseUrl, "prod"));

        Assert.That(report.Checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Detail}"), Is.Empty);
        Assert.That(report.Score, Is.EqualTo(100));
    }

    /// <summary>On AWS there is no outbox: without a confirmed account the photo checks could not run and the grade would be a quiet 60.</summary>
    [Test]
    public async Task GradeAsync_NoAccountAndNoOutbox_NeedsCredentialsScoresNothing()
    {
        await using var host = await StartHostAsync();
        await using var aws = await GatewayProxy.StartAsync(host.BaseUrl, intercept: async context =>
        {
            if (!context.Request.Path.StartsWithSegments("/_local")) return false;
            await GatewayProxy.AnswerAsGatewayAsync(context, 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
            return true;
        });

        var report = await GradeAsync(aws.BaseUrl);

        Assert.That(report.Status, Is.EqualTo(GradeStatus.NeedsCredentials));
        Assert.That(report.Score, Is.Zero);
        Assert.That(report.Note, Does.Contain("--username and --password").And.Contain("username and password columns"));
    }

    [Test]
    public async Task GradeAsync_NoOutboxButAConfirmedAccount_Graded()
    {
        await using var host = await StartHostAsync();
        await host.Users.IdTokenOfNewUserAsync("grader", "Grader-Passw0rd!");
        await using var aws = await GatewayProxy.StartAsync(host.BaseUrl, intercept: async context =>
        {
            if (!context.Request.Path.StartsWithSegments("/_local")) return false;
            await GatewayProxy.AnswerAsGatewayAsync(context, 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
            return true;
        });

        var report = await PhotoGallery.Grader.Grader.GradeAsync(new GradeOptions
        {
            Api = aws.BaseUrl, Username = "grader", Password = "Grader-Passw0rd!",
        });

        Assert.That(report.Status, Is.EqualTo(GradeStatus.Graded));
        // The grader's own new user cannot be confirmed without the outbox; everything else passes.
        Assert.That(report.Checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Detail}"), Is.Empty);
        Assert.That(report.Score, Is.EqualTo(100));
    }

    // A request that gets no answer at all is tried once more a second later: a deployment that drops it every time
    // fails the check with the transport's own reason (a refused connection, a reset one, an unknown host), and one
    // dropped once (a blip of the network) costs nothing.
    [Test]
    public async Task GradeAsync_WeakSignUpDroppedEveryTime_CheckFailsWithTheReason()
    {
        var (report, dropped) = await GradeWithWeakSignUpDroppedAsync(int.MaxValue);

        Assert.That(dropped, Is.EqualTo(2), "the first try and one more");
        var check = report.Checks.Single(c => c.Id == "signup.rejects-weak-password");
        Assert.That(check.Passed, Is.False);
        // HttpClient's own words, then the transport's in brackets.
        Assert.That(check.Detail, Does.Match(@"^The request failed: .+ \(.+\)$"));
    }

    [Test]
    public async Task GradeAsync_WeakSignUpDroppedOnce_TriedAgainFullMarks()
    {
        var (report, dropped) = await GradeWithWeakSignUpDroppedAsync(1);

        Assert.That(dropped, Is.EqualTo(1));
        Assert.That(report.Checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Detail}"), Is.Empty);
        Assert.That(report.Score, Is.EqualTo(100));
    }

    /// <summary>Grades a host behind a proxy that drops the connection of the weak-password sign-up, at most <paramref name="drops"/> times.</summary>
    private static async Task<(GradeReport Report, int Dropped)> GradeWithWeakSignUpDroppedAsync(int drops)
    {
        await using var host = await StartHostAsync();
        await host.Users.IdTokenOfNewUserAsync("grader", "Grader-Passw0rd!");
        var dropped = 0;
        await using var aws = await GatewayProxy.StartAsync(host.BaseUrl, intercept: async context =>
        {
            if (context.Request.Path != "/signup") return false;
            // Only the weak-password check's sign-up (the grader's survey asks every route first, with an empty body).
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            if (!body.Contains("\"weak\"", StringComparison.Ordinal) || dropped >= drops) return false;
            dropped++;
            context.Abort();
            return true;
        });

        var report = await PhotoGallery.Grader.Grader.GradeAsync(new GradeOptions
        {
            Api = aws.BaseUrl, Username = "grader", Password = "Grader-Passw0rd!",
        });
        return (report, dropped);
    }

    [Test]
    public async Task GradeAsync_SlowDeployment_StopsAtTheDeadlineAndListsTheChecksNotReached()
    {
        await using var host = await StartHostAsync(f =>
        {
            foreach (var name in f.Keys.Where(n => RouteTable.All.Any(r => r.Name == n)).ToList())
            {
                var inner = f[name];
                f[name] = async input =>
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(400));
                    return await inner(input);
                };
            }
        });
        var started = DateTime.UtcNow;

        var report = await PhotoGallery.Grader.Grader.GradeAsync(new GradeOptions { Api = host.BaseUrl, Deadline = TimeSpan.FromSeconds(8) });

        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(15)), "the deadline holds");
        Assert.That(report.Status, Is.EqualTo(GradeStatus.Deadline));
        Assert.That(report.NotReached, Is.Not.Empty);
        Assert.That(report.Checks.Select(c => c.Id), Is.EqualTo(Rubric.Default.Checks.Select(c => c.Id)), "every check is in the report");
        Assert.That(report.Checks.Where(c => report.NotReached.Contains(c.Id)), Has.All.Property(nameof(CheckResult.Earned)).Zero
            .And.All.Property(nameof(CheckResult.Detail)).StartsWith("Not reached: the grading deadline of 8 s"));
        Assert.That(report.Note, Does.Contain(report.NotReached[^1]));
        Assert.That(report.Score, Is.GreaterThan(0), "what was reached still counts");
    }

    [Test]
    public async Task GradeAsync_ThrottledByTheGateway_TriesAgainAndFullMarks()
    {
        await using var host = await StartHostAsync();
        var requests = 0;
        await using var gateway = await GatewayProxy.StartAsync(host.BaseUrl, intercept: async context =>
        {
            // A burst limit: the 12th to 14th requests are refused, as a stage's throttle would.
            if (Interlocked.Increment(ref requests) is < 12 or > 14) return false;
            await GatewayProxy.AnswerAsGatewayAsync(context, 429, "Too Many Requests", "TooManyRequestsException");
            return true;
        });

        var report = await GradeAsync(gateway.BaseUrl);

        Assert.That(requests, Is.GreaterThan(14));
        Assert.That(report.Checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Detail}"), Is.Empty);
    }

    /// <summary>A class that stops at seven functions: no processphoto, no images section, full marks of its 90.</summary>
    [Test]
    public async Task GradeAsync_ImagesSectionSkipped_SevenFunctionsGetFullMarks()
    {
        await using var host = await StartHostAsync(makesImages: false);
        var started = DateTime.UtcNow;

        var report = await PhotoGallery.Grader.Grader.GradeAsync(new GradeOptions
        {
            Api = host.BaseUrl, Rubric = Rubric.Default.Without(["images"]), ImageWait = TimeSpan.FromSeconds(60),
        });

        Assert.That(report.Checks.Select(c => c.Id), Has.None.StartsWith("images."));
        Assert.That(report.Score, Is.EqualTo(90));
        Assert.That(report.Max, Is.EqualTo(90));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(60)), "no wait for images that are not graded");
    }

    [Test]
    public void Without_UnknownSection_UsageErrorNamingTheSections()
    {
        var error = Assert.Throws<GraderUsageException>(() => Rubric.Default.Without(["thumbnails"]));

        Assert.That(error!.Message, Does.Contain("api, images"));
    }

    [Test]
    public async Task GradeAsync_CustomRubric_OnlyItsChecksAtItsPoints()
    {
        await using var host = await StartHostAsync();
        var rubric = Rubric.Parse("""{"title":"Quiz","checks":[{"id":"routes.signup","title":"Sign-up route","points":10},{"id":"search.finds-by-prefix","title":"Search","points":30}]}""", "test");

        var report = await PhotoGallery.Grader.Grader.GradeAsync(new GradeOptions { Api = host.BaseUrl, Rubric = rubric });

        Assert.That(report.Checks.Select(c => (c.Id, c.Earned)), Is.EqualTo(new[] { ("routes.signup", 10), ("search.finds-by-prefix", 30) }));
        Assert.That(report.Max, Is.EqualTo(40));
    }

    [Test]
    public void Parse_RubricWithUnknownCheck_UsageError()
    {
        var error = Assert.Throws<GraderUsageException>(() =>
            Rubric.Parse("""{"title":"x","checks":[{"id":"routes.delete","title":"Delete","points":5}]}""", "mine.json"));

        Assert.That(error!.Message, Does.Contain("routes.delete").And.Contain("mine.json"));
    }

    [Test]
    public void Default_Rubric_CoversEveryCheckFor100Points()
    {
        Assert.That(Rubric.Default.Checks.Select(c => c.Id), Is.EquivalentTo(GradingRun.CheckIds));
        Assert.That(Rubric.Default.MaxPoints, Is.EqualTo(100));
    }

    private static bool IsJson(string? body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body ?? "");
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
