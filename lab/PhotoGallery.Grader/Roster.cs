using System.Globalization;
using System.Text;
using PhotoGallery.Grader.Reports;

namespace PhotoGallery.Grader;

/// <summary>One line of a roster: a student, their API, and optionally a confirmed account on it.</summary>
public sealed record RosterEntry(string Student, Uri Api, string? Username = null, string? Password = null);

/// <summary>How grading one student went: a report, or why there is none.</summary>
public sealed record RosterResult(RosterEntry Entry, GradeReport? Report, string Status, string? ReportFile, string Note = "");

/// <summary>
/// Grades a class: a CSV of <c>student,api[,username,password]</c> (a header row is optional), graded
/// concurrently, one report per student and a <c>grades.csv</c> beside them
/// (<c>student,api,score,max,percent,status,note</c>; status is <c>graded</c> or <c>unreachable</c>).
/// </summary>
public static class Roster
{
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
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, "grades.csv"), GradesCsv(results, template.Rubric.MaxPoints), cancellationToken);
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
        try
        {
            var progress = new SynchronousProgress<CheckResult>(check => onCheck?.Invoke(entry, check));
            var report = await Grader.GradeAsync(options, progress, cancellationToken);
            var file = Path.Combine(outputDirectory, $"{SafeFileName(entry.Student)}.{ReportWriter.Extension(format)}");
            await File.WriteAllTextAsync(file, ReportWriter.Write(report, format), cancellationToken);
            return new RosterResult(entry, report, "graded", file);
        }
        catch (DeploymentUnreachableException e)
        {
            return new RosterResult(entry, null, "unreachable", null, e.Message);
        }
    }

    private static string GradesCsv(IEnumerable<RosterResult> results, int maxPoints)
    {
        var csv = new StringBuilder("student,api,score,max,percent,status,note\n");
        foreach (var result in results)
        {
            var (score, max, percent) = result.Report is { } r ? (r.Score, r.Max, r.Percent) : (0, maxPoints, 0.0);
            csv.AppendLine(CultureInfo.InvariantCulture,
                $"{Quote(result.Entry.Student)},{Quote(result.Entry.Api.ToString())},{score},{max},{percent:0.#},{result.Status},{Quote(result.Note)}");
        }
        return csv.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static string SafeFileName(string student) =>
        string.Concat(student.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
