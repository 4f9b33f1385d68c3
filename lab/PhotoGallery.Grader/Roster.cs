using System.Globalization;
using System.Text;
using PhotoGallery.Grader.Reports;

namespace PhotoGallery.Grader;

/// <summary>One line of a roster: a student, their API, and optionally a confirmed account on it.</summary>
public sealed record RosterEntry(string Student, Uri Api, string? Username = null, string? Password = null);

/// <summary>How grading one student went: the report (graded or not, with why), and the file it was written to.</summary>
public sealed record RosterResult(RosterEntry Entry, GradeReport Report, string ReportFile)
{
    public GradeStatus Status => Report.Status;
}

/// <summary>
/// Grades a class: a CSV of <c>student,api[,username,password]</c> (a header row is optional), graded
/// concurrently, one report per student whatever happened, <c>grades.csv</c> beside them
/// (<c>student,api,score,max,percent,status,failed_checks,report,note</c>) and <c>summary.html</c>, the
/// class at a glance.
/// </summary>
public static class Roster
{
    public const string CsvHeader = "student,api,score,max,percent,status,failed_checks,report,note";
    public static IReadOnlyList<RosterEntry> Load(string path)
    {
        if (!File.Exists(path)) throw new GraderUsageException($"The roster {path} does not exist.");
        var entries = new List<RosterEntry>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var fields = line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
            if (lineNumber == 1 && fields[0].Equals("student", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Length < 2 || fields[0].Length == 0)
                throw new GraderUsageException($"{path}:{lineNumber}: expected \"student,api\", got \"{line}\".");
            if (!Uri.TryCreate(fields[1], UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
                throw new GraderUsageException($"{path}:{lineNumber}: \"{fields[1]}\" is not an http(s) URL.");
            entries.Add(new RosterEntry(fields[0], api, fields.ElementAtOrDefault(2) is { Length: > 0 } u ? u : null,
                fields.ElementAtOrDefault(3) is { Length: > 0 } p ? p : null));
        }
        var duplicate = entries.GroupBy(e => e.Student, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new GraderUsageException($"{path}: student \"{duplicate.Key}\" appears twice.");
        var sameFile = entries.GroupBy(e => SafeFileName(e.Student), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (sameFile is not null)
            throw new GraderUsageException($"{path}: students {string.Join(" and ", sameFile.Select(e => $"\"{e.Student}\""))} would share the report file {sameFile.Key}; rename one.");
        if (entries.Count == 0) throw new GraderUsageException($"The roster {path} lists no students.");
        return entries;
    }

    public static async Task<IReadOnlyList<RosterResult>> GradeAsync(
        IReadOnlyList<RosterEntry> entries, GradeOptions template, int parallel, string outputDirectory, ReportFormat format,
        Action<RosterEntry, CheckResult>? onCheck = null, Action<RosterResult>? onDone = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputDirectory);
        var results = new RosterResult[entries.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                results[i] = await GradeOneAsync(entries[i], template, outputDirectory, format, onCheck, ct);
                onDone?.Invoke(results[i]);
            });
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, "grades.csv"), GradesCsv(results), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, "summary.html"),
            ClassSummary.Write(results, template.Rubric, template.Clock.GetUtcNow()), cancellationToken);
        return results;
    }

    private static async Task<RosterResult> GradeOneAsync(RosterEntry entry, GradeOptions template, string outputDirectory,
        ReportFormat format, Action<RosterEntry, CheckResult>? onCheck, CancellationToken cancellationToken)
    {
        var options = template with
        {
            Api = entry.Api,
            Username = entry.Username ?? template.Username,
            Password = entry.Password ?? template.Password,
        };
        var progress = new SynchronousProgress<CheckResult>(check => onCheck?.Invoke(entry, check));
        var report = await Grader.GradeAsync(options, progress, cancellationToken);
        var file = $"{SafeFileName(entry.Student)}.{ReportWriter.Extension(format)}";
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, file), ReportWriter.Write(report, format), cancellationToken);
        return new RosterResult(entry, report, file);
    }

    private static string GradesCsv(IEnumerable<RosterResult> results)
    {
        var csv = new StringBuilder(CsvHeader + "\n");
        foreach (var result in results)
        {
            var r = result.Report;
            csv.AppendLine(CultureInfo.InvariantCulture,
                $"{Quote(result.Entry.Student)},{Quote(result.Entry.Api.ToString())},{r.Score},{r.Max},{r.Percent:0.#},{r.Status.Text()}," +
                $"{string.Join(' ', r.FailedChecks)},{Quote(result.ReportFile)},{Quote(r.Note)}");
        }
        return csv.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    /// <summary>A report's file name from the student's name: letters, digits, '-', '_' and '.' only.</summary>
    public static string SafeFileName(string student) =>
        string.Concat(student.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
