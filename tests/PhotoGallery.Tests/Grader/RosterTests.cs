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
    [Test]
    public async Task GradeAsync_ClassOfThreeAndAnUnreachableOne_GradesCsvRightAndAReportEach()
    {
        await using var alice = await RunningHost.StartAsync();
        await using var bob = await RunningHost.StartAsync(configureFunctions: f => f["getphotos"] = Wrap(f["getphotos"],
            response: (_, answer) => EditBody(answer, body =>
                body["photos"] = new JsonArray(body["photos"]!.AsArray().Reverse().Select(p => p!.DeepClone()).ToArray()))));
        await using var carol = await RunningHost.StartAsync();
        using var folder = new TempDirectory();
        var rosterFile = Path.Combine(folder.Path, "roster.csv");
        await File.WriteAllTextAsync(rosterFile,
            $"student,api\nalice,{alice.BaseUrl}\n\"bob\",{bob.BaseUrl}\ncarol,{carol.BaseUrl}\ndave,http://127.0.0.1:1/prod\n");
        var output = Path.Combine(folder.Path, "grades");

        var results = await Roster.GradeAsync(Roster.Load(rosterFile), new GradeOptions { Api = new Uri("http://unused"), Timeout = TimeSpan.FromSeconds(10) },
            parallel: 3, output, ReportFormat.Json);

        var lines = (await File.ReadAllLinesAsync(Path.Combine(output, "grades.csv"))).ToList();
        Assert.That(lines[0], Is.EqualTo("student,api,score,max,percent,status,note"));
        Assert.That(lines[1], Is.EqualTo($"alice,{alice.BaseUrl},100,100,100,graded,"));
        Assert.That(lines[2], Is.EqualTo($"bob,{bob.BaseUrl},95,100,95,graded,"));
        Assert.That(lines[3], Is.EqualTo($"carol,{carol.BaseUrl},100,100,100,graded,"));
        Assert.That(lines[4], Does.StartWith("dave,http://127.0.0.1:1/prod,0,100,0,unreachable,").And.Contain("did not answer"));
        Assert.That(File.Exists(Path.Combine(output, "bob.json")), Is.True);
        Assert.That(results.Count(r => r.Report is not null), Is.EqualTo(3));
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
        Assert.That(error, Does.Contain("did not answer"));
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
