using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Assembly;
using PhotoGallery.Rehearsal.Aws;
using PhotoGallery.Rehearsal.Walk;

namespace PhotoGallery.Rehearsal.Tests;

/// <summary>
/// Whole rehearsals: the stack as the CDK CLI synthesizes it today passes the walk (the eighth function
/// included, started by S3's events), and four stacks broken the way deployments break — a package without
/// its runtimeconfig, a role missing one action, a method without its authorizer, a function S3 may not
/// invoke — each fail with a message that names the cause.
/// </summary>
[Category(TestCategories.Rehearsal)]
[NonParallelizable]
public sealed class RehearsalTests
{
    private readonly TempDirectory _folder = new();
    private string _synthesized = "";

    [OneTimeSetUp]
    public async Task SynthesizeOnce()
    {
        _synthesized = Path.Combine(_folder.Path, "cdk.out");
        await CdkSynthesizer.SynthesizeAsync(RepositoryRoot.Path, _synthesized, TestContext.Progress, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public async Task Rehearsal_TheStackAsSynthesized_PassesTheWholeWalkWithinEveryPolicy()
    {
        var report = await RehearseAsync(_synthesized);

        Assert.That(report.Failures(), Is.Empty, Describe(report));
        Assert.That(report.Steps.Select(s => s.Result), Has.All.EqualTo(StepResult.Passed));
        Assert.That(report.Activity.Where(a => a.Invocations > 0).Select(a => a.ColdStarts), Has.All.GreaterThanOrEqualTo(1));
        var addphoto = report.Calls.Where(c => c.Function?.EndsWith("-addphoto", StringComparison.Ordinal) == true).Select(c => c.Action).ToList();
        Assert.That(addphoto, Does.Contain("s3:PutObject").And.Contain("dynamodb:PutItem"), Describe(report));

        // The function stored originals start ran from its package on S3's events: the inline photo's put and
        // the upload's copy into photos/, nothing for uploads/ or for what it writes itself.
        var triggered = Triggered(report);
        Assert.That(report.Deliveries.Where(d => d.FunctionArn == triggered.Arn).Select(d => (d.EventName, d.Outcome)),
            Is.EquivalentTo(new[] { ("ObjectCreated:Put", S3DeliveryOutcome.Queued), ("ObjectCreated:Copy", S3DeliveryOutcome.Queued) }), Describe(report));
        Assert.That(report.Deliveries.Select(d => d.Key), Has.All.StartWith("photos/").And.All.Contains("/original."));
        var activity = report.Activity.Single(a => a.FunctionName == triggered.FunctionName);
        Assert.That((activity.Events, activity.DroppedEvents), Is.EqualTo((2, 0)));
        Assert.That(activity.ColdStarts, Is.GreaterThanOrEqualTo(1));
        Assert.That(report.Calls.Where(c => c.Function == triggered.FunctionName).Select(c => c.Action),
            Does.Contain("s3:GetObject").And.Contain("dynamodb:UpdateItem"), Describe(report));
    }

    [Test]
    public async Task Rehearsal_WithoutS3sPermissionToInvoke_FailsNamingTheMissingPermission()
    {
        var broken = Variant("no-s3-permission", assembly => EditTemplate(assembly, template =>
        {
            var resources = template["Resources"]!.AsObject();
            var permission = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Permission"
                && r.Value["Properties"]!["Principal"]!.GetValue<string>() == "s3.amazonaws.com").Key;
            resources.Remove(permission);
            foreach (var dependsOn in resources.Select(r => r.Value!["DependsOn"]).OfType<JsonArray>())
                foreach (var item in dependsOn.Where(d => d!.GetValue<string>() == permission).ToList()) dependsOn.Remove(item);
        }));

        var report = await RehearseAsync(broken);

        Assert.That(report.Failures(), Has.Some.Contains("S3 cannot invoke").And.Contains("no AWS::Lambda::Permission lets s3.amazonaws.com"), Describe(report));
        Assert.That(report.Steps.Single(s => s.Name.Contains("S3's events", StringComparison.Ordinal)).Detail, Does.Contain("still \"processing\""));
        Assert.That(report.Activity.Single(a => a.FunctionName == Triggered(report).FunctionName).Invocations, Is.Zero);
    }

    private static PhotoGallery.Rehearsal.Stack.LambdaFunction Triggered(RehearsalReport report) =>
        report.Stack.Functions.Single(f => f.Handler == PhotoGallery.Functions.FunctionCatalog.All.Single(d => d.Trigger is PhotoGallery.Core.Functions.StorageTrigger).Handler);

    [Test]
    public async Task Rehearsal_PackageWithoutItsRuntimeConfig_FailsWithTheBootstrapsExit106()
    {
        var broken = Variant("no-runtimeconfig", assembly =>
        {
            var folder = CloudAssembly.Read(assembly).FunctionAssets().Values.Single(f => File.Exists(Path.Combine(f, "GetPhotos.dll")));
            File.Delete(Path.Combine(folder, "GetPhotos.runtimeconfig.json"));
        });

        var report = await RehearseAsync(broken);

        Assert.That(report.Passed, Is.False);
        Assert.That(report.Failures(), Has.Some.Contains("getphotos").And.Contains("runtimeconfig.json"), Describe(report));
        Assert.That(report.Steps.Single(s => s.Name == "GET /photos").Detail, Does.Contain("502"));
    }

    [Test]
    public async Task Rehearsal_RoleMissingOneAction_FailsNamingTheDeniedCall()
    {
        var broken = Variant("no-query", assembly => EditTemplate(assembly, template =>
        {
            foreach (var statement in Statements(template, "GetPhotosServiceRoleDefaultPolicy"))
            {
                if (statement["Action"]?.ToString() == "dynamodb:Query") statement["Action"] = "dynamodb:GetItem";
            }
        }));

        var report = await RehearseAsync(broken);

        Assert.That(report.Failures(), Has.Some.Contains("getphotos: denied dynamodb:Query"), Describe(report));
    }

    [Test]
    public async Task Rehearsal_MethodWithoutItsAuthorizer_FailsNamingTheOpenMethod()
    {
        var broken = Variant("open-method", assembly => EditTemplate(assembly, template =>
        {
            var method = Resources(template)
                .Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::ApiGateway::Method" && r.Key.StartsWith("ApiphotosGET", StringComparison.Ordinal))
                .Value!["Properties"]!.AsObject();
            method["AuthorizationType"] = "NONE";
            method.Remove("AuthorizerId");
        }));

        var report = await RehearseAsync(broken);

        Assert.That(report.Failures(), Has.Some.Contains("GET /photos without a token").And.Contains("no Cognito authorizer"), Describe(report));
    }

    /// <summary>
    /// The grader against the rehearsal's API Gateway, whose own answers are shaped as AWS's: the stack as
    /// synthesized gets full marks; the URL without its stage is misconfigured and the grader names the
    /// stage's URL; without an account (no outbox on AWS) it needs credentials.
    /// </summary>
    [Test]
    public async Task Grader_TheStackAsSynthesized_FullMarksAndStatusesForWrongUrlsAndNoCredentials()
    {
        await using var rehearsal = await StartAsync(_synthesized);
        var (username, password) = await ConfirmedUserAsync(rehearsal);

        var graded = await GradeAsync(rehearsal.ApiUrl, username, password);
        var root = new Uri(rehearsal.ApiUrl.GetLeftPart(UriPartial.Authority));
        var noStage = await GradeAsync(root, username, password);
        var noAccount = await GradeAsync(rehearsal.ApiUrl, null, null);

        Assert.That(graded.Checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Detail}"), Is.Empty);
        Assert.That(graded.Score, Is.EqualTo(100));
        Assert.That(noStage.Status, Is.EqualTo(PhotoGallery.Grader.GradeStatus.Misconfigured));
        Assert.That(noStage.Note, Does.Contain("ForbiddenException").And.Contain($"The API answers at {rehearsal.ApiUrl.ToString().TrimEnd('/')}:"));
        Assert.That(noAccount.Status, Is.EqualTo(PhotoGallery.Grader.GradeStatus.NeedsCredentials));
    }

    /// <summary>The most common API Gateway mistake, graded: the function's own 401 is told from the authorizer's.</summary>
    [Test]
    public async Task Grader_MethodWithoutItsAuthorizer_LosesTheAuthorizationPointsWithTheHint()
    {
        var broken = Variant("grader-open-method", assembly => EditTemplate(assembly, template =>
        {
            var method = Resources(template)
                .Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::ApiGateway::Method" && r.Key.StartsWith("ApiphotosGET", StringComparison.Ordinal))
                .Value!["Properties"]!.AsObject();
            method["AuthorizationType"] = "NONE";
            method.Remove("AuthorizerId");
        }));
        await using var rehearsal = await StartAsync(broken);
        var (username, password) = await ConfirmedUserAsync(rehearsal);

        var report = await GradeAsync(rehearsal.ApiUrl, username, password);

        var failed = report.Checks.Where(c => !c.Passed).ToList();
        Assert.That(failed.Select(c => c.Id), Is.EquivalentTo(new[] { "auth.getphotos", "getphotos.lists-newest-first", "getphotos.paginates" }),
            string.Join("\n", failed.Select(c => $"{c.Id}: {c.Detail}")));
        Assert.That(failed[0].Detail, Does.Contain("GET /photos has no Cognito authorizer"));
        Assert.That(report.Checks.Select(c => c.Detail), Has.None.Contains("bound to the getphotos function?"));
    }

    private static Task<PhotoGallery.Grader.GradeReport> GradeAsync(Uri api, string? username, string? password) =>
        PhotoGallery.Grader.Grader.GradeAsync(new PhotoGallery.Grader.GradeOptions
        {
            Api = api, Username = username, Password = password, Timeout = TimeSpan.FromSeconds(60), ImageWait = TimeSpan.FromSeconds(60),
        });

    /// <summary>The grader's user, as step 9.3 makes it: signed up and confirmed (cognito-local sends every user the same code).</summary>
    private static async Task<(string Username, string Password)> ConfirmedUserAsync(Rehearsal rehearsal)
    {
        using var http = new HttpClient { BaseAddress = new Uri(rehearsal.ApiUrl + "/") };
        const string Password = "Grader-Passw0rd!";
        var signUp = await http.PostAsync("signup", JsonContent(new { username = "grader", password = Password, name = "Grader", email = "grader@example.com" }));
        Assert.That((int)signUp.StatusCode, Is.EqualTo(201), await signUp.Content.ReadAsStringAsync());
        var confirm = await http.PostAsync("confirmemail", JsonContent(new { username = "grader", code = PhotoGallery.Emulators.EmulatorSet.ConfirmationCode }));
        Assert.That((int)confirm.StatusCode, Is.EqualTo(200), await confirm.Content.ReadAsStringAsync());
        return ("grader", Password);
    }

    private static StringContent JsonContent(object value) =>
        new(System.Text.Json.JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");

    private static Task<Rehearsal> StartAsync(string assembly) =>
        Rehearsal.StartAsync(new RehearsalOptions
        {
            Repository = RepositoryRoot.Path,
            AssemblyDirectory = assembly,
            Progress = TestContext.Progress,
        }, CancellationToken.None);

    private static async Task<RehearsalReport> RehearseAsync(string assembly)
    {
        await using var rehearsal = await Rehearsal.StartAsync(new RehearsalOptions
        {
            Repository = RepositoryRoot.Path,
            AssemblyDirectory = assembly,
            Progress = TestContext.Progress,
        }, CancellationToken.None);
        var report = await rehearsal.WalkAsync(CancellationToken.None);
        report.Write(TestContext.Out);
        return report;
    }

    /// <summary>A copy of the synthesized assembly, broken by <paramref name="breakIt"/>.</summary>
    private string Variant(string name, Action<string> breakIt)
    {
        var copy = Path.Combine(_folder.Path, name);
        CopyFolder(_synthesized, copy);
        breakIt(copy);
        return copy;
    }

    private static void EditTemplate(string assembly, Action<JsonObject> edit)
    {
        var file = Directory.GetFiles(assembly, "*.template.json").Single();
        var template = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        edit(template);
        File.WriteAllText(file, template.ToJsonString());
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Resources(JsonObject template) => template["Resources"]!.AsObject();

    private static IEnumerable<JsonObject> Statements(JsonObject template, string policyPrefix) =>
        Resources(template).Where(r => r.Key.StartsWith(policyPrefix, StringComparison.Ordinal))
            .SelectMany(r => r.Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(s => s!.AsObject());

    private static void CopyFolder(string source, string target)
    {
        foreach (var folder in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, folder)));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
    }

    private static string Describe(RehearsalReport report)
    {
        using var text = new StringWriter();
        report.Write(text);
        return text.ToString();
    }
}
