using System.Text.Json;
using System.Xml.Linq;
using NUnit.Framework;
using PhotoGallery.Grader;
using PhotoGallery.Grader.Reports;

namespace PhotoGallery.Tests.Grader;

public sealed class ReportWriterTests
{
    private static readonly DateTimeOffset GradedAt = new(2026, 11, 25, 19, 40, 12, TimeSpan.Zero);

    private static readonly GradeReport Report = new()
    {
        Api = "https://abc.example/prod", Status = GradeStatus.Graded, Score = 7, Max = 10,
        Checks =
        [
            new CheckResult("routes.signup", "POST /signup is bound", 3, 3, "POST /signup answered 400."),
            new CheckResult("auth.search", "GET /search needs a token", 7, 4 - 4, "GET /search → 200 without a token | expected 401 <fix> & \"redeploy\"."),
        ],
        Created = ["user grader-1", "photo 01ABC"],
        GradedAt = GradedAt,
    };

    private static readonly GradeReport Misconfigured = new()
    {
        Api = "https://abc.example/", Status = GradeStatus.Misconfigured, Score = 0, Max = 100, Checks = [],
        Note = "API Gateway answers at https://abc.example/, but none of the API's methods does. The API answers at https://abc.example/prod.",
        GradedAt = GradedAt,
    };

    [TestCase(ReportFormat.Text)]
    [TestCase(ReportFormat.Markdown)]
    [TestCase(ReportFormat.Json)]
    [TestCase(ReportFormat.Junit)]
    public void Write_AnyFormat_SaysWhenAndWhichGrader(ReportFormat format)
    {
        var written = ReportWriter.Write(Report, format);

        Assert.That(written, Does.Contain(GradeReport.CurrentVersion));
        Assert.That(written, Does.Contain("2026-11-25").And.Contain("19:40:12"));
        Assert.That(GradeReport.CurrentVersion, Does.StartWith("1.1.0"));
    }

    [TestCase(ReportFormat.Text)]
    [TestCase(ReportFormat.Markdown)]
    [TestCase(ReportFormat.Json)]
    [TestCase(ReportFormat.Junit)]
    public void Write_NotGraded_StatusReasonAndNextStep(ReportFormat format)
    {
        var written = ReportWriter.Write(Misconfigured, format);

        Assert.That(written, Does.Contain("misconfigured"));
        Assert.That(written, Does.Contain("The API answers at https://abc.example/prod."));
    }

    [Test]
    public void Write_Json_TheDocumentedShape()
    {
        var json = JsonDocument.Parse(ReportWriter.Write(Report, ReportFormat.Json)).RootElement;

        Assert.That(json.GetProperty("api").GetString(), Is.EqualTo("https://abc.example/prod"));
        Assert.That(json.GetProperty("score").GetInt32(), Is.EqualTo(7));
        Assert.That(json.GetProperty("max").GetInt32(), Is.EqualTo(10));
        var check = json.GetProperty("checks")[1];
        Assert.That(check.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "id", "title", "points", "earned", "detail" }));
        Assert.That(check.GetProperty("earned").GetInt32(), Is.Zero);
        Assert.That(check.GetProperty("detail").GetString(), Does.Contain("<fix>"));
    }

    [Test]
    public void Write_Junit_OneTestCasePerCheckWithFailures()
    {
        var suite = XDocument.Parse(ReportWriter.Write(Report, ReportFormat.Junit)).Root!.Element("testsuite")!;

        Assert.That(suite.Attribute("tests")!.Value, Is.EqualTo("2"));
        Assert.That(suite.Attribute("failures")!.Value, Is.EqualTo("1"));
        Assert.That(suite.Elements("testcase").Last().Element("failure")!.Attribute("message")!.Value, Does.Contain("expected 401"));
    }

    [Test]
    public void Write_Markdown_TableRowPerCheckWithEscapedPipes()
    {
        var markdown = ReportWriter.Write(Report, ReportFormat.Markdown);

        Assert.That(markdown, Does.Contain("7/10 (70%)"));
        Assert.That(markdown, Does.Contain("| ❌ | GET /search needs a token (`auth.search`) | 0/7 |"));
        Assert.That(markdown, Does.Contain("\\| expected 401"));
        Assert.That(markdown, Does.Contain("photo 01ABC"));
    }

    [Test]
    public void Write_Text_ScoreAndWhatToFix()
    {
        var text = ReportWriter.Write(Report, ReportFormat.Text);

        Assert.That(text, Does.Contain("Score: 7/10 (70%)"));
        Assert.That(text, Does.Contain("FAIL  0/7  auth.search"));
        Assert.That(text, Does.Contain("expected 401"));
    }
}
