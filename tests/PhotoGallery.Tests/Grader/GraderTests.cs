using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
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
    /// <summary>The local host makes a photo's images within a second of its upload (processphoto on the storage event); ten is plenty.</summary>
    private static Task<GradeReport> GradeAsync(RunningHost host) =>
        PhotoGallery.Grader.Grader.GradeAsync(new GradeOptions { Api = host.BaseUrl, Timeout = TimeSpan.FromSeconds(30), ImageWait = TimeSpan.FromSeconds(10) });

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

    /// <summary>A deployment broken in one way, and the checks that way must fail.</summary>
    public sealed record Breakage(
        string Name, string[] FailedChecks, Action<Dictionary<string, LambdaHandler>>? Functions = null, IReadOnlyList<Route>? Routes = null,
        bool MakesImages = true)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] NeedsToken =
    [
        "addphoto.stores-image", "getphotos.lists-newest-first", "getphotos.paginates", "getphoto.returns-photo",
        "getphoto.image-url-serves-bytes", "search.finds-by-prefix", "search.no-nonsense",
    ];

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
        new("no authorizer on GET /photos", ["auth.getphotos"],
            Routes: [.. RouteTable.All.Select(r => r.Name == "getphotos" ? r with { Auth = RouteAuth.None } : r)],
            Functions: f => f["getphotos"] = Wrap(f["getphotos"], request: r => r.RequestContext?.Authorizer is not null ? r : r with
            {
                RequestContext = r.RequestContext! with
                {
                    Authorizer = new ApiAuthorizer { Claims = new() { ["cognito:username"] = "whoever" } },
                },
            })),
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
        new("originalUrl that does not serve the bytes", ["getphoto.image-url-serves-bytes"], Functions: f => f["getphoto"] = Wrap(f["getphoto"],
            response: (_, answer) => EditBody(answer, body => body["photo"]!["originalUrl"] = body["photo"]!["imageUrl"]!.DeepClone()))),
        new("imageUrl that serves the original", ["getphoto.image-url-serves-bytes"], Functions: f => f["getphoto"] = Wrap(f["getphoto"],
            response: (_, answer) => EditBody(answer, body => body["photo"]!["imageUrl"] = body["photo"]!["originalUrl"]!.DeepClone()))),
        new("images never made (processphoto not subscribed)", ["getphoto.image-url-serves-bytes"], MakesImages: false),
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
            ["routes.getphoto", "getphoto.returns-photo", "getphoto.image-url-serves-bytes", "errors.json-problems"],
            Functions: f => f["getphoto"] = f["getphotos"]),
        new("gallery listed oldest first", ["getphotos.lists-newest-first"], Functions: f => f["getphotos"] = Wrap(f["getphotos"],
            response: (_, answer) => EditBody(answer, body =>
                body["photos"] = new JsonArray(body["photos"]!.AsArray().Reverse().Select(p => p!.DeepClone()).ToArray())))),
    ];

    [TestCaseSource(nameof(Breakages))]
    public async Task GradeAsync_BrokenDeployment_LosesExactlyTheBrokenChecks(Breakage breakage)
    {
        await using var host = await StartHostAsync(breakage.Functions, breakage.Routes, breakage.MakesImages);

        var report = await GradeAsync(host);

        var failed = report.Checks.Where(c => !c.Passed).Select(c => c.Id);
        Assert.That(failed, Is.EquivalentTo(breakage.FailedChecks), string.Join("\n", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Detail}")));
        var lost = Rubric.Default.Checks.Where(c => breakage.FailedChecks.Contains(c.Id)).Sum(c => c.Points);
        Assert.That(report.Score, Is.EqualTo(100 - lost));
        Assert.That(report.Checks.Where(c => !c.Passed).Select(c => c.Detail), Has.All.Length.GreaterThan(20), "each lost point says what to fix");
    }

    [Test]
    public async Task GradeAsync_NothingListening_Unreachable() =>
        await Assert.ThrowsAsync<DeploymentUnreachableException>(() =>
            PhotoGallery.Grader.Grader.GradeAsync(new GradeOptions { Api = new Uri("http://127.0.0.1:1/prod"), Timeout = TimeSpan.FromSeconds(5) }));

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
