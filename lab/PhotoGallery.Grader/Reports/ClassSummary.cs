using System.Globalization;
using System.Net;
using System.Text;

namespace PhotoGallery.Grader.Reports;

/// <summary>
/// <c>summary.html</c>: what an instructor opens after grading a class. One self-contained page (styles
/// inline, no script, no server): how many were graded and why the others were not, the score
/// distribution, each check's pass rate across the class (what to explain again next lecture), and a
/// row per student linking to their report. The numbers are the ones in <c>grades.csv</c>; elements carry
/// <c>data-*</c> attributes so a program can read them too.
/// </summary>
public static class ClassSummary
{
    private const string Style = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
        .stamp { color: #555; margin-top: 0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .bar { display: inline-block; height: .8rem; background: #3b6fd8; border-radius: 2px; vertical-align: middle; }
        .bar.low { background: #c9372c; }
        .statuses { display: flex; gap: 1.5rem; list-style: none; padding: 0; flex-wrap: wrap; }
        .statuses li { background: #f3f4f6; border-radius: 6px; padding: .5rem .9rem; }
        .statuses .count { font-size: 1.4rem; font-weight: 600; margin-right: .3rem; }
        .failed code { font-size: .8rem; margin-right: .4rem; white-space: nowrap; }
        .note { color: #555; font-size: .9rem; max-width: 30rem; }
        tr.not-graded td { background: #fff7ed; }
        """;

    /// <summary>Score buckets by percent: 0–9, 10–19, …, 90–100 (full marks fall in the last).</summary>
    public static int Bucket(double percent) => Math.Min(90, (int)Math.Floor(percent / 10) * 10);

    public static string Write(IReadOnlyList<RosterResult> results, Rubric rubric, DateTimeOffset gradedAt)
    {
        var html = new StringBuilder();
        var ran = results.Where(r => r.Status.RanChecks()).ToList();
        html.AppendLine("<!doctype html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine(Invariant($"<title>Grades: {E(rubric.Title)}</title><style>{Style}</style></head><body>"));
        html.AppendLine(Invariant($"<h1>Grades: {E(rubric.Title)}</h1>"));
        html.AppendLine(Invariant(
            $"<p class=\"stamp\" id=\"stamp\"><span id=\"students\" data-value=\"{results.Count}\">{results.Count}</span> students, {rubric.MaxPoints} points each. Graded {gradedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by PhotoGallery.Grader {E(GradeReport.CurrentVersion)}.</p>"));

        html.AppendLine("<ul class=\"statuses\" id=\"statuses\">");
        foreach (var status in Enum.GetValues<GradeStatus>())
        {
            var count = results.Count(r => r.Status == status);
            if (count == 0 && status != GradeStatus.Graded) continue;
            html.AppendLine(Invariant($"<li data-status=\"{E(status.Text())}\" data-count=\"{count}\"><span class=\"count\">{count}</span>{E(status.Text())}</li>"));
        }
        html.AppendLine("</ul>");

        AppendDistribution(html, results);
        AppendChecks(html, rubric, ran);
        AppendStudents(html, results);
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void AppendDistribution(StringBuilder html, IReadOnlyList<RosterResult> results)
    {
        html.AppendLine("<h2>Scores</h2>");
        if (results.Count > 0)
        {
            var percents = results.Select(r => r.Report.Percent).Order().ToList();
            var median = percents.Count % 2 == 1 ? percents[percents.Count / 2] : (percents[percents.Count / 2 - 1] + percents[percents.Count / 2]) / 2;
            html.AppendLine(Invariant(
                $"<p>Mean <span id=\"mean\" data-value=\"{percents.Average():0.#}\">{percents.Average():0.#}%</span>, median <span id=\"median\" data-value=\"{median:0.#}\">{median:0.#}%</span> (students not graded count as 0).</p>"));
        }
        html.AppendLine("<table id=\"distribution\"><thead><tr><th>Score</th><th class=\"num\">Students</th><th></th></tr></thead><tbody>");
        var largest = Math.Max(1, results.GroupBy(r => Bucket(r.Report.Percent)).Select(g => g.Count()).DefaultIfEmpty(0).Max());
        for (var bucket = 90; bucket >= 0; bucket -= 10)
        {
            var count = results.Count(r => Bucket(r.Report.Percent) == bucket);
            var label = bucket == 90 ? "90–100%" : $"{bucket}–{bucket + 9}%";
            html.AppendLine(Invariant(
                $"<tr data-bucket=\"{bucket}\" data-count=\"{count}\"><th>{label}</th><td class=\"num\">{count}</td><td><span class=\"bar{(bucket < 50 ? " low" : "")}\" style=\"width:{20.0 * count / largest:0.#}rem\"></span></td></tr>"));
        }
        html.AppendLine("</tbody></table>");
    }

    private static void AppendChecks(StringBuilder html, Rubric rubric, IReadOnlyList<RosterResult> ran)
    {
        html.AppendLine(Invariant($"<h2>Checks</h2><p>Each check's pass rate among the {ran.Count} deployments whose checks ran (graded, or stopped by the deadline).</p>"));
        html.AppendLine("<table id=\"checks\"><thead><tr><th>Check</th><th class=\"num\">Points</th><th class=\"num\">Passed</th><th class=\"num\">Rate</th><th></th></tr></thead><tbody>");
        foreach (var section in rubric.Sections)
        {
            html.AppendLine(Invariant($"<tr><th colspan=\"5\">{E(section.Title)}</th></tr>"));
            foreach (var check in section.Checks)
            {
                var passed = ran.Count(r => r.Report.Checks.Any(c => c.Id == check.Id && c.Passed));
                var rate = ran.Count == 0 ? 0 : 100.0 * passed / ran.Count;
                html.AppendLine(Invariant(
                    $"<tr data-check=\"{E(check.Id)}\" data-passed=\"{passed}\" data-of=\"{ran.Count}\"><td>{E(check.Title)}<br><code>{E(check.Id)}</code></td><td class=\"num\">{check.Points}</td><td class=\"num\">{passed}/{ran.Count}</td><td class=\"num\">{rate:0}%</td><td><span class=\"bar{(rate < 50 ? " low" : "")}\" style=\"width:{rate / 10:0.#}rem\"></span></td></tr>"));
            }
        }
        html.AppendLine("</tbody></table>");
    }

    private static void AppendStudents(StringBuilder html, IReadOnlyList<RosterResult> results)
    {
        html.AppendLine("<h2>Students</h2>");
        html.AppendLine("<table id=\"students-table\"><thead><tr><th>Student</th><th>Status</th><th class=\"num\">Score</th><th class=\"num\">%</th><th>Failed checks</th><th>Note</th></tr></thead><tbody>");
        foreach (var result in results)
        {
            var report = result.Report;
            html.AppendLine(Invariant(
                $"<tr data-student=\"{E(result.Entry.Student)}\" data-score=\"{report.Score}\" data-max=\"{report.Max}\" data-status=\"{E(report.Status.Text())}\"{(report.Status.RanChecks() ? "" : " class=\"not-graded\"")}><td><a href=\"{E(Uri.EscapeDataString(result.ReportFile))}\">{E(result.Entry.Student)}</a><br><small>{E(report.Api)}</small></td><td>{E(report.Status.Text())}</td><td class=\"num\">{report.Score}/{report.Max}</td><td class=\"num\">{report.Percent:0.#}</td><td class=\"failed\">{string.Concat(report.FailedChecks.Select(id => $"<code>{E(id)}</code> "))}</td><td class=\"note\">{E(report.Note)}</td></tr>"));
        }
        html.AppendLine("</tbody></table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
