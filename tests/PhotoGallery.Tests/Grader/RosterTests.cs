using System.Diagnostics;
using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Grader;
using PhotoGallery.Grader.Reports;
using PhotoGallery.Tests.Support;
using static PhotoGallery.Tests.Support.BrokenFunctions;

namespace PhotoGallery.Tests.Grader;

public sealed class RosterTests
{
    /// <summary>A class as it comes: working, broken, a URL without its stage, a dead one, one without credentials.</summary>
    [Test]
    public async Task GradeAsync_MixedClass_EveryRowItsStatusScoreAndReport()
    {
        await using var alice = await RunningHost.StartAsync();
        await using var bob = await RunningHost.StartAsync(configureFunctions: f => f["getphotos"] = Wrap(f["getphotos"],
            response: (_, answer) => EditBody(answer, body =>
                body["photos"] = new JsonArray(body["photos"]!.AsArray().Reverse().Select(p => p!.DeepClone()).ToArray()))));
        await using var carolHost = await RunningHost.StartAsync();
        await using var carol = await GatewayProxy.StartAsync(carolHost.BaseUrl, stage: "prod");
        await using var erinHost = await RunningHost.StartAsync();
        await using var erin = await GatewayProxy.StartAsync(erinHost.BaseUrl, intercept: async context =>
        {
            if (!context.Request.Path.StartsWithSegments("/_local")) return false;
            await GatewayProxy.AnswerAsGatewayAsync(context, 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
            return true;
        });
        using var folder = new TempDirectory();
        var rosterFile = Path.Combine(folder.Path, "roster.csv");
        await File.WriteAllTextAsync(rosterFile,
            $"student,api\nalice,{alice.BaseUrl}\n\"bob\",{bob.BaseUrl}\ncarol,{carol.BaseUrl}\ndave,http://127.0.0.1:1/prod\nerin,{erin.BaseUrl}\n");
        var output = Path.Combine(folder.Path, "grades");

        var results = await Roster.GradeAsync(Roster.Load(rosterFile),
            new GradeOptions { Api = new Uri("http://unused"), Timeout = TimeSpan.FromSeconds(10), ImageWait = TimeSpan.FromSeconds(10) },
            parallel: 5, output, ReportFormat.Json);

        var lines = (await File.ReadAllLinesAsync(Path.Combine(output, "grades.csv"))).ToList();
        Assert.That(lines[0], Is.EqualTo("student,api,score,max,percent,status,failed_checks,report,note"));
        Assert.That(lines[1], Is.EqualTo($"alice,{alice.BaseUrl},100,100,100,graded,,alice.json,"));
        Assert.That(lines[2], Is.EqualTo($"bob,{bob.BaseUrl},95,100,95,graded,getphotos.lists-newest-first,bob.json,"));
        Assert.That(lines[3], Does.StartWith($"carol,{carol.BaseUrl},0,100,0,misconfigured,,carol.json,").And.Contain($"{carol.BaseUrl}prod"));
        Assert.That(lines[4], Does.StartWith("dave,http://127.0.0.1:1/prod,0,100,0,unreachable,,dave.json,").And.Contain("did not answer"));
        Assert.That(lines[5], Does.StartWith($"erin,{erin.BaseUrl},0,100,0,needs credentials,,erin.json,").And.Contain("--username"));
        foreach (var student in new[] { "alice", "bob", "carol", "dave", "erin" })
        {
            var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, $"{student}.json")))!;
            Assert.That(report["graderVersion"]!.GetValue<string>(), Does.StartWith("1.1.0"), student);
            Assert.That(report["gradedAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)), student);
        }
        Assert.That(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "carol.json")))!["status"]!.GetValue<string>(), Is.EqualTo("misconfigured"));
        var summary = await File.ReadAllTextAsync(Path.Combine(output, "summary.html"));
        Assert.That(summary, Does.Contain("href=\"alice.json\"").And.Contain("href=\"erin.json\"").And.Contain("data-status=\"needs credentials\" data-count=\"1\""));
        Assert.That(results.Select(r => r.Status), Is.EqualTo(new[]
        {
            GradeStatus.Graded, GradeStatus.Graded, GradeStatus.Misconfigured, GradeStatus.Unreachable, GradeStatus.NeedsCredentials,
        }));
    }

    [Test]
    public async Task Load_TwoStudentsSameReportFile_UsageError()
    {
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "roster.csv");
        await File.WriteAllTextAsync(file, "ann lee,http://a\nann_lee,http://b\n");

        var error = Assert.Throws<GraderUsageException>(() => Roster.Load(file));

        Assert.That(error!.Message, Does.Contain("ann_lee"));
    }

    [TestCase("student,api\nalice,not-a-url\n", "not an http(s) URL")]
    [TestCase("student,api\nalice\n", "expected \"student,api\"")]
    [TestCase("student,api\nalice,http://a\nalice,http://b\n", "appears twice")]
    [TestCase("student,api\n", "lists no students")]
    public async Task Load_BadRoster_SaysWhichLine(string content, string message)
    {
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "roster.csv");
        await File.WriteAllTextAsync(file, content);

        var error = Assert.Throws<GraderUsageException>(() => Roster.Load(file));

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public async Task Program_Unreachable_NonZeroExitAndSaysWhy()
    {
        var (exit, _, error) = await RunGraderAsync("--api http://127.0.0.1:1/prod --timeout 3");

        Assert.That(exit, Is.EqualTo(3));
        Assert.That(error, Does.Contain("unreachable").And.Contain("did not answer"));
    }

    /// <summary>Redirected to a file or a CI log, the progress is plain text: a line per check, no colour codes.</summary>
    [Test]
    public async Task Program_OutputRedirected_PlainLinesWithoutColourCodes()
    {
        await using var host = await RunningHost.StartAsync();

        var (exit, output, _) = await RunGraderAsync($"--api {host.BaseUrl}");

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Not.Contain("\u001b"));
        Assert.That(output, Does.Contain("PASS  2/2  POST /signup is bound to its function\n"));
        Assert.That(output, Does.Contain("Score: 100/100 (100%)"));
    }

    [Test]
    public async Task Program_RosterOutputRedirected_OneLinePerStudent()
    {
        await using var host = await RunningHost.StartAsync();
        using var folder = new TempDirectory();
        var rosterFile = Path.Combine(folder.Path, "roster.csv");
        await File.WriteAllTextAsync(rosterFile, $"alice,{host.BaseUrl}\ndave,http://127.0.0.1:1/prod\n");

        var (exit, output, _) = await RunGraderAsync($"--roster {rosterFile} --out {Path.Combine(folder.Path, "out")} --timeout 5 --skip-section images");

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Not.Contain("\u001b"));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.One.StartsWith("alice: 90/90 graded → alice.txt"));
        Assert.That(lines, Has.One.StartsWith("dave: unreachable → dave.txt: "));
        Assert.That(lines, Has.Some.StartsWith("Class summary: ").And.Some.EndsWith("summary.html"));
    }

    [Test]
    public async Task Program_NoApiNorRoster_UsageErrorExit2()
    {
        var (exit, _, error) = await RunGraderAsync("--format json");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--api"));
    }

    [Test]
    public async Task Program_JsonToStdout_ParsesAndExit0()
    {
        await using var host = await RunningHost.StartAsync();

        var (exit, output, _) = await RunGraderAsync($"--api {host.BaseUrl} --format json");

        Assert.That(exit, Is.Zero);
        Assert.That(JsonNode.Parse(output)!["score"]!.GetValue<int>(), Is.EqualTo(100));
    }

    private static async Task<(int Exit, string Output, string Error)> RunGraderAsync(string arguments)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "PhotoGallery.Grader.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{program}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
