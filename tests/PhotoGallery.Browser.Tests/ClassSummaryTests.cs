using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Browser.Tests.Support;
using PhotoGallery.Grader;
using PhotoGallery.Grader.Reports;
using PhotoGallery.Local;
using static Microsoft.Playwright.Assertions;

namespace PhotoGallery.Browser.Tests;

/// <summary>
/// The grader's class summary, as an instructor opens it after grading: straight from the disk in
/// Chromium (no server), with every number it shows matching grades.csv, and each student's link opening
/// their report.
/// </summary>
[Category(TestCategories.Browser)]
public sealed class ClassSummaryTests : BrowserTest
{
    [Test]
    public async Task SummaryPage_MixedClass_OpensAndItsNumbersMatchGradesCsv()
    {
        // alice: the gallery under test; bob: search bound to the getphotos function; carol: a stage that
        // does not exist; dave: nothing listening.
        using var bobData = new TempDirectory();
        await using var bob = await LocalHost.StartAsync(new LocalHostOptions
        {
            Port = 0, Host = "127.0.0.1", DataDirectory = bobData.Path, Console = TextWriter.Null,
            ConfigureFunctions = functions => functions["search"] = functions["getphotos"],
        });
        using var folder = new TempDirectory();
        var roster = Path.Combine(folder.Path, "roster.csv");
        await File.WriteAllTextAsync(roster,
            $"student,api\nalice,{Server.BaseUrl}\nbob,{bob.BaseUrl}\ncarol,{Server.BaseUrl}prod\ndave,http://127.0.0.1:1/prod\n");
        var output = Path.Combine(folder.Path, "grades");

        await Roster.GradeAsync(Roster.Load(roster), new GradeOptions
        {
            Api = new Uri("http://unused"), Timeout = TimeSpan.FromSeconds(10), ImageWait = TimeSpan.FromSeconds(15),
        }, parallel: 4, output, ReportFormat.Text);
        var rows = ReadCsv(Path.Combine(output, "grades.csv"));
        await Page.GotoAsync(new Uri(Path.Combine(output, "summary.html")).AbsoluteUri);

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Grades: PhotoGallery lab" })).ToBeVisibleAsync();
        await ScreenshotAsync("summary");
        Assert.That(await Page.Locator("#students").InnerTextAsync(), Is.EqualTo(rows.Count.ToString(CultureInfo.InvariantCulture)));
        Assert.That(rows.Select(r => r["status"]), Is.EqualTo(new[] { "graded", "graded", "misconfigured", "unreachable" }));

        foreach (var status in rows.Select(r => r["status"]).Distinct())
        {
            var shown = Page.Locator($"#statuses li[data-status='{status}'] .count");
            Assert.That(await shown.InnerTextAsync(), Is.EqualTo(rows.Count(r => r["status"] == status).ToString(CultureInfo.InvariantCulture)), status);
        }

        // The distribution: every student in one 10-point bucket by percent, full marks in the top one.
        for (var bucket = 0; bucket <= 90; bucket += 10)
        {
            var expected = rows.Count(r => ClassSummary.Bucket(double.Parse(r["percent"], CultureInfo.InvariantCulture)) == bucket);
            var cell = Page.Locator($"#distribution tr[data-bucket='{bucket}'] td.num");
            Assert.That(await cell.InnerTextAsync(), Is.EqualTo(expected.ToString(CultureInfo.InvariantCulture)), $"bucket {bucket}");
        }
        var mean = rows.Average(r => double.Parse(r["percent"], CultureInfo.InvariantCulture));
        Assert.That(await Page.Locator("#mean").InnerTextAsync(), Is.EqualTo(mean.ToString("0.#", CultureInfo.InvariantCulture) + "%"));

        // Each check's pass rate among the deployments whose checks ran: those graded, whose failed_checks do not name it.
        var ran = rows.Where(r => r["status"] is "graded" or "deadline").ToList();
        Assert.That(ran.Select(r => r["student"]), Is.EqualTo(new[] { "alice", "bob" }));
        Assert.That(rows.Single(r => r["student"] == "bob")["failed_checks"].Split(' '), Does.Contain("search.finds-by-prefix"));
        foreach (var check in Rubric.Default.Checks)
        {
            var passed = ran.Count(r => !r["failed_checks"].Split(' ').Contains(check.Id));
            var cell = Page.Locator($"#checks tr[data-check='{check.Id}'] td.num").Nth(1);
            Assert.That(await cell.InnerTextAsync(), Is.EqualTo($"{passed}/{ran.Count}"), check.Id);
        }

        foreach (var row in rows)
        {
            var line = Page.Locator($"#students-table tr[data-student='{row["student"]}']");
            Assert.That(await line.Locator("td.num").First.InnerTextAsync(), Is.EqualTo($"{row["score"]}/{row["max"]}"), row["student"]);
            Assert.That(await line.Locator("td").Nth(1).InnerTextAsync(), Is.EqualTo(row["status"]), row["student"]);
        }

        // The report behind a link: alice's, with her score, and carol's, saying which URL to use.
        await Page.Locator("#students-table").GetByRole(AriaRole.Link, new() { Name = "alice" }).ClickAsync();
        await Expect(Page.Locator("body")).ToContainTextAsync($"Score: {rows[0]["score"]}/{rows[0]["max"]}");
        await Page.GoBackAsync();
        await Page.Locator("#students-table").GetByRole(AriaRole.Link, new() { Name = "carol" }).ClickAsync();
        await Expect(Page.Locator("body")).ToContainTextAsync("Status: misconfigured");
        await Expect(Page.Locator("body")).ToContainTextAsync($"The API answers at {Server.BaseUrl.TrimEnd('/')}");
    }

    /// <summary>grades.csv as rows of named fields (fields with commas or quotes are quoted, quotes doubled).</summary>
    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = Fields(lines[0]);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => header.Zip(Fields(l)).ToDictionary(p => p.First, p => p.Second))];
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
