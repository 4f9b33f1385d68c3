using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace PhotoGallery.Grader.Reports;

public enum ReportFormat
{
    Text,
    Markdown,
    Json,
    Junit,
}

/// <summary>Writes a grade in the format an instructor asked for: to read, to post, to parse, or for CI.</summary>
public static class ReportWriter
{
    public static string Extension(ReportFormat format) => format switch
    {
        ReportFormat.Markdown => "md",
        ReportFormat.Json => "json",
        ReportFormat.Junit => "xml",
        _ => "txt",
    };

    public static string Write(GradeReport report, ReportFormat format) => format switch
    {
        ReportFormat.Markdown => Markdown(report),
        ReportFormat.Json => JsonSerializer.Serialize(report, GraderJson.Readable.GradeReport),
        ReportFormat.Junit => Junit(report),
        _ => Text(report),
    };

    private static string Text(GradeReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"PhotoGallery grade for {report.Api}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Score: {report.Score}/{report.Max} ({report.Percent:0.#}%)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Status: {report.Status.Text()}");
        if (report.Note.Length > 0) text.AppendLine(CultureInfo.InvariantCulture, $"Note: {report.Note}");
        text.AppendLine(Stamp(report));
        text.AppendLine();
        foreach (var check in report.Checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{(check.Passed ? "PASS" : "FAIL")} {check.Earned,2}/{check.Points,-2} {check.Id}  {check.Title}");
            if (!check.Passed) text.AppendLine(CultureInfo.InvariantCulture, $"           {check.Detail}");
        }
        AppendCreated(text, report, "");
        return text.ToString();
    }

    private static string Markdown(GradeReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# PhotoGallery grade: {report.Score}/{report.Max} ({report.Percent:0.#}%)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Deployment: `{report.Api}`  ");
        text.AppendLine(CultureInfo.InvariantCulture, $"Status: **{report.Status.Text()}**  ");
        text.AppendLine(Stamp(report));
        if (report.Note.Length > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"> {report.Note}");
        }
        if (report.Checks.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| | Check | Points | What we saw |");
            text.AppendLine("|---|---|---|---|");
        }
        foreach (var check in report.Checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {(check.Passed ? "✅" : "❌")} | {Cell(check.Title)} (`{check.Id}`) | {check.Earned}/{check.Points} | {Cell(check.Detail)} |");
        }
        AppendCreated(text, report, "- ");
        return text.ToString();
    }

    private static string Junit(GradeReport report)
    {
        var failures = report.Checks.Count(c => !c.Passed);
        var suite = new XElement("testsuite",
            new XAttribute("name", $"PhotoGallery grade for {report.Api}"),
            new XAttribute("tests", report.Checks.Count),
            new XAttribute("failures", failures),
            new XAttribute("timestamp", report.GradedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "score"), new XAttribute("value", report.Score)),
                new XElement("property", new XAttribute("name", "max"), new XAttribute("value", report.Max)),
                new XElement("property", new XAttribute("name", "status"), new XAttribute("value", report.Status.Text())),
                new XElement("property", new XAttribute("name", "note"), new XAttribute("value", report.Note)),
                new XElement("property", new XAttribute("name", "graderVersion"), new XAttribute("value", report.GraderVersion))),
            report.Checks.Select(check => new XElement("testcase",
                new XAttribute("classname", "photogallery." + check.Id.Split('.')[0]),
                new XAttribute("name", $"{check.Id} ({check.Points} points): {check.Title}"),
                check.Passed
                    ? new XElement("system-out", check.Detail)
                    : new XElement("failure", new XAttribute("message", check.Detail), check.Detail))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite)).ToString();
    }

    private static void AppendCreated(StringBuilder text, GradeReport report, string bullet)
    {
        if (report.Created.Count == 0) return;
        text.AppendLine();
        text.AppendLine("Created by the grader (safe to delete):");
        foreach (var item in report.Created) text.AppendLine(CultureInfo.InvariantCulture, $"{(bullet.Length > 0 ? bullet : "  ")}{item}");
    }

    /// <summary>"Graded 2026-11-25 19:40:12 UTC by PhotoGallery.Grader 1.1.0+3f2a9c1".</summary>
    public static string Stamp(GradeReport report) =>
        $"Graded {report.GradedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC by PhotoGallery.Grader {report.GraderVersion}";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
