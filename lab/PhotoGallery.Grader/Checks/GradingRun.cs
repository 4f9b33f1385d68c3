using System.Security.Cryptography;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;

namespace PhotoGallery.Grader;

/// <summary>What a check found: passed or not, and in words what the student should look at.</summary>
public sealed record Outcome(bool Passed, string Detail)
{
    public static Outcome Pass(string detail) => new(true, detail);
    public static Outcome Fail(string detail) => new(false, detail);
    public static Outcome NotRun(string reason) => new(false, "Not checked: " + reason);
}

/// <summary>
/// One grading of one deployment: the checks in the order their data depends on (an account before a
/// login, a login before photos), sharing what earlier checks created. Every check runs whatever the
/// rubric says; the rubric decides only what each is worth.
/// </summary>
public sealed partial class GradingRun
{
    /// <summary>A well-formed photo id nobody has: routes and auth checks need some id in the path.</summary>
    private const string SamplePhotoId = "01JD3ZK8Q2V7W4X9Y6T5R3P1NM";

    private static readonly (string Id, Func<GradingRun, CancellationToken, Task<Outcome>> Run)[] Steps =
    [
        .. RouteTable.All.Where(r => !r.IsProtected).Select(r => ($"routes.{r.Name}", (Func<GradingRun, CancellationToken, Task<Outcome>>)((run, ct) => run.RouteAnswersAsync(r, ct)))),
        ("cors.preflight", (run, ct) => run.PreflightAsync(ct)),
        ("signup.rejects-weak-password", (run, ct) => run.SignUpRejectsWeakPasswordAsync(ct)),
        ("signup.accepts-new-user", (run, ct) => run.SignUpAcceptsNewUserAsync(ct)),
        ("confirm.rejects-wrong-code", (run, ct) => run.ConfirmRejectsWrongCodeAsync(ct)),
        ("login.rejects-wrong-password", (run, ct) => run.LogInRejectsWrongPasswordAsync(ct)),
        ("login.returns-tokens", (run, ct) => run.LogInReturnsTokensAsync(ct)),
        .. RouteTable.All.Where(r => r.IsProtected).Select(r => ($"auth.{r.Name}", (Func<GradingRun, CancellationToken, Task<Outcome>>)((run, ct) => run.RefusesWithoutTokenAsync(r, ct)))),
        ("addphoto.stores-image", (run, ct) => run.AddPhotoStoresImageAsync(ct)),
        // With a token (and the grader's photos in the gallery) a photo route can show which function answers it.
        .. RouteTable.All.Where(r => r.IsProtected).Select(r => ($"routes.{r.Name}", (Func<GradingRun, CancellationToken, Task<Outcome>>)((run, ct) => run.RouteBoundAsync(r, ct)))),
        ("getphotos.lists-newest-first", (run, ct) => Eventually(() => run.GetPhotosListsNewestFirstAsync(ct), ct)),
        ("getphotos.paginates", (run, ct) => Eventually(() => run.GetPhotosPaginatesAsync(ct), ct)),
        ("getphoto.returns-photo", (run, ct) => Eventually(() => run.GetPhotoReturnsPhotoAsync(ct), ct)),
        ("getphoto.original-url-serves-bytes", (run, ct) => run.OriginalServedAsync(ct)),
        ("search.finds-by-prefix", (run, ct) => Eventually(() => run.SearchFindsByPrefixAsync(ct), ct)),
        ("search.no-nonsense", (run, ct) => run.SearchFindsNoNonsenseAsync(ct)),
        ("cors.headers", (run, _) => Task.FromResult(run.ResponsesCarryCors())),
        ("errors.json-problems", (run, ct) => run.ErrorsAreJsonProblemsAsync(ct)),
        // The eighth function, last: it may take a while, and a class that stops at seven skips it.
        ("images.made-in-time", (run, ct) => run.ImagesMadeInTimeAsync(ct)),
        ("images.served-as-jpeg", (run, ct) => run.ImagesServedAsJpegAsync(ct)),
    ];

    /// <summary>Checks no later check builds on: when the rubric leaves them out, they are not run at all (no wait for images).</summary>
    private static bool IsLeaf(string id) => id.StartsWith("images.", StringComparison.Ordinal);

    private readonly ApiClient _api;
    private readonly GradeOptions _options;
    private readonly string _runId;
    private readonly List<string> _created = [];

    public GradingRun(ApiClient api, GradeOptions options)
    {
        _api = api;
        _options = options;
        _runId = $"grader-{DateTime.UtcNow:MMddHHmmss}-{RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz", 4)}";
    }

    /// <summary>Every check the grader knows, in the order it runs them.</summary>
    public static IReadOnlyList<string> CheckIds { get; } = Steps.Select(s => s.Id).ToList();

    /// <param name="deadline">Cancelled when the student's time budget runs out: the check under way fails, the rest are not reached.</param>
    /// <param name="cancellationToken">The instructor's own cancellation (Ctrl+C): stops the grading.</param>
    public async Task<GradeReport> RunAsync(IProgress<CheckResult>? progress, DateTimeOffset gradedAt, CancellationToken deadline,
        CancellationToken cancellationToken)
    {
        var rubric = _options.Rubric;
        var results = new Dictionary<string, CheckResult>();
        var notReached = new List<string>();
        var ranOut = false;
        foreach (var (id, run) in Steps)
        {
            var check = rubric.Checks.FirstOrDefault(c => c.Id == id);
            if (check is null && IsLeaf(id)) continue;
            Outcome outcome;
            if (deadline.IsCancellationRequested)
            {
                notReached.Add(id);
                outcome = Outcome.Fail($"Not reached: the grading deadline of {_options.Deadline.TotalSeconds:0} s ran out before this check.");
            }
            else
            {
                try
                {
                    outcome = await RunSafelyAsync(run, deadline);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    ranOut = true;
                    outcome = Outcome.Fail($"The grading deadline of {_options.Deadline.TotalSeconds:0} s ran out during this check: " +
                        "the deployment answers too slowly (each function's cold start, timeout and memory; or requests waiting on each other).");
                }
            }
            if (check is null) continue;
            var result = new CheckResult(id, check.Title, check.Points, outcome.Passed ? check.Points : 0, outcome.Detail);
            results[id] = result;
            progress?.Report(result);
        }
        var ordered = rubric.Checks.Select(c => results[c.Id]).ToList();
        var skipped = notReached.Where(results.ContainsKey).ToList();
        return new GradeReport
        {
            Api = _options.Api.ToString(),
            Status = ranOut || skipped.Count > 0 ? GradeStatus.Deadline : GradeStatus.Graded,
            Score = ordered.Sum(r => r.Earned),
            Max = rubric.MaxPoints,
            Checks = ordered,
            Created = _created,
            NotReached = skipped,
            Note = ranOut || skipped.Count > 0
                ? $"The grading deadline of {_options.Deadline.TotalSeconds:0} s ran out; {skipped.Count} check(s) not reached" +
                    (skipped.Count > 0 ? $": {string.Join(", ", skipped)}" : "") + ". The deployment answers too slowly: look at its functions' duration in CloudWatch."
                : "",
            GradedAt = gradedAt,
        };
    }

    /// <summary>
    /// DynamoDB's index and default reads are eventually consistent: a photo added a moment ago may not be
    /// listed yet. A failing read check is tried again, a second apart, before it counts: twice, or as many
    /// times as <paramref name="attempts"/> says for what takes longer (the images processphoto makes).
    /// </summary>
    private static async Task<Outcome> Eventually(Func<Task<Outcome>> check, CancellationToken cancellationToken, int attempts = 3)
    {
        var outcome = await check();
        for (var attempt = 1; attempt < attempts && !outcome.Passed && !outcome.Detail.StartsWith("Not checked", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            outcome = await check();
        }
        return outcome;
    }

    /// <summary>
    /// A deployment that hangs or drops the connection (twice: <see cref="ApiClient"/> tries a dropped request once
    /// more) fails the check, not the grading.
    /// </summary>
    private async Task<Outcome> RunSafelyAsync(Func<GradingRun, CancellationToken, Task<Outcome>> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run(this, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return Outcome.Fail($"The request failed: {ApiClient.Reason(e)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome.Fail($"No answer within {_options.Timeout.TotalSeconds:0} seconds.");
        }
    }
}
