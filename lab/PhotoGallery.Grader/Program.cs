using System.CommandLine;
using PhotoGallery.Grader;
using PhotoGallery.Grader.Reports;
using Spectre.Console;

// dotnet run --project lab/PhotoGallery.Grader -- --api https://abc.execute-api.us-east-1.amazonaws.com/prod
var api = new Option<string?>("--api") { Description = "The deployment's API base URL, stage included." };
var username = new Option<string?>("--username") { Description = "A confirmed user on that deployment (needed on AWS, where the grader cannot read confirmation emails)." };
var password = new Option<string?>("--password") { Description = "That user's password." };
var outbox = new Option<string?>("--outbox") { Description = "Where to read confirmation codes (default: the local host's /_local/outbox, when there is one)." };
var format = new Option<ReportFormat>("--format") { Description = "Report format: text, markdown, json or junit.", DefaultValueFactory = _ => ReportFormat.Text };
var output = new Option<string?>("--out") { Description = "Write the report to this file (with --roster: the folder for reports, grades.csv and summary.html, default ./grades)." };
var roster = new Option<string?>("--roster") { Description = "A CSV of student,api[,username,password]: grade every line." };
var parallel = new Option<int>("--parallel") { Description = "With --roster: how many deployments to grade at once.", DefaultValueFactory = _ => 4 };
var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each request.", DefaultValueFactory = _ => 20 };
var deadline = new Option<int>("--deadline")
{
    Description = "Seconds one deployment may take in all; checks not reached by then score nothing and are listed.",
    DefaultValueFactory = _ => (int)GradeOptions.DefaultDeadline.TotalSeconds,
};
var rubric = new Option<string?>("--rubric") { Description = "A rubric JSON file to use instead of the built-in one (same check ids, your points)." };
var skipSection = new Option<string[]>("--skip-section")
{
    Description = "Leave a rubric section out, e.g. images for a class that stops at the seven API functions (repeatable).",
    AllowMultipleArgumentsPerToken = true,
};

var command = new RootCommand("Grades a PhotoGallery deployment from the outside, over HTTP, and explains each lost point.")
{
    api, username, password, outbox, format, output, roster, parallel, timeout, deadline, rubric, skipSection,
};
command.SetAction(async (parse, cancellationToken) =>
{
    try
    {
        var chosen = parse.GetValue(rubric) is { } file ? Rubric.Load(file) : Rubric.Default;
        var options = new GradeOptions
        {
            Api = Url(parse.GetValue(api), "--api") ?? new Uri("http://unset.invalid"),
            Username = parse.GetValue(username),
            Password = parse.GetValue(password),
            Outbox = Url(parse.GetValue(outbox), "--outbox"),
            Timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
            Deadline = parse.GetValue(deadline) > 0
                ? TimeSpan.FromSeconds(parse.GetValue(deadline))
                : throw new GraderUsageException("--deadline must be a number of seconds above 0."),
            Rubric = parse.GetValue(skipSection) is { Length: > 0 } skipped ? chosen.Without(skipped) : chosen,
        };
        if ((options.Username is null) != (options.Password is null))
            throw new GraderUsageException("Give --username and --password together.");
        return (parse.GetValue(roster), parse.GetValue(api)) switch
        {
            ({ } rosterFile, null) => await GradeRosterAsync(rosterFile, options, parse.GetValue(parallel), parse.GetValue(output) ?? "grades",
                parse.GetValue(format), cancellationToken),
            (null, { }) => await GradeOneAsync(options, parse.GetValue(format), parse.GetValue(output), cancellationToken),
            _ => throw new GraderUsageException("Give either --api URL (one deployment) or --roster FILE (a class)."),
        };
    }
    catch (GraderUsageException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
});
return await command.Parse(args).InvokeAsync();

static async Task<int> GradeOneAsync(GradeOptions options, ReportFormat format, string? outFile, CancellationToken cancellationToken)
{
    // Progress goes where the report does not: stderr when the report is printed to stdout.
    var toStderr = outFile is null && format != ReportFormat.Text;
    var progress = Progress.For(toStderr);
    var report = await progress.GradeAsync(options, cancellationToken);

    if (!report.Status.RanChecks())
    {
        progress.Line($"Not graded ({report.Status.Text()}): {report.Note}");
        Console.Error.WriteLine($"{options.Api}: {report.Status.Text()}: {report.Note}");
    }
    else
    {
        progress.Line($"Score: {report.Score}/{report.Max} ({report.Percent:0.#}%)", bold: true);
        if (report.Note.Length > 0) progress.Line(report.Note);
    }
    var text = ReportWriter.Write(report, format);
    if (outFile is not null)
    {
        await File.WriteAllTextAsync(outFile, text, cancellationToken);
        progress.Line($"Report written to {Path.GetFullPath(outFile)}");
    }
    else if (format != ReportFormat.Text)
    {
        Console.Out.Write(text);
    }
    else if (report.Created.Count > 0)
    {
        progress.Line($"Created: {string.Join("; ", report.Created)}", dim: true);
    }
    return report.Status.RanChecks() ? 0 : 3;
}

static async Task<int> GradeRosterAsync(string rosterFile, GradeOptions template, int parallel, string outputDirectory,
    ReportFormat format, CancellationToken cancellationToken)
{
    var entries = Roster.Load(rosterFile);
    var progress = Progress.For(toStderr: false);
    var results = await progress.GradeRosterAsync(entries, template, parallel, outputDirectory, format, cancellationToken);
    var notGraded = results.Where(r => !r.Status.RanChecks()).ToList();
    if (notGraded.Count > 0)
        progress.Line($"{notGraded.Count} of {results.Count} not graded: {string.Join(", ", notGraded.Select(r => $"{r.Entry.Student} ({r.Status.Text()})"))}. Their reports say why.");
    progress.Line($"Grades written to {Path.GetFullPath(Path.Combine(outputDirectory, "grades.csv"))}");
    progress.Line($"Class summary: {Path.GetFullPath(Path.Combine(outputDirectory, "summary.html"))}");
    return 0;
}

static Uri? Url(string? text, string option)
{
    if (text is null) return null;
    if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https") return url;
    throw new GraderUsageException($"{option} must be an http(s) URL, like https://abc123.execute-api.us-east-1.amazonaws.com/prod; got \"{text}\".");
}

/// <summary>
/// What the grader shows while it works. On a terminal: a live display with colours. When the output is
/// redirected (a file, a pipe, CI): plain lines, one per check (one deployment) or one per student (a
/// roster), with no colour codes, so the log reads as text.
/// </summary>
abstract class Progress
{
    public static Progress For(bool toStderr)
    {
        var redirected = toStderr ? Console.IsErrorRedirected : Console.IsOutputRedirected;
        var writer = toStderr ? Console.Error : Console.Out;
        return redirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 }
            ? new PlainProgress(writer)
            : new LiveProgress(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) }));
    }

    public abstract Task<GradeReport> GradeAsync(GradeOptions options, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<RosterResult>> GradeRosterAsync(IReadOnlyList<RosterEntry> entries, GradeOptions template, int parallel,
        string outputDirectory, ReportFormat format, CancellationToken cancellationToken);

    public abstract void Line(string text, bool bold = false, bool dim = false);

    protected static string CheckLine(CheckResult check) =>
        $"{(check.Passed ? "PASS" : "FAIL")} {check.Earned,2}/{check.Points,-2} {check.Title}";

    protected static string StudentLine(RosterResult result) =>
        result.Status.RanChecks()
            ? $"{result.Entry.Student}: {result.Report.Score}/{result.Report.Max} {result.Status.Text()} → {result.ReportFile}"
            : $"{result.Entry.Student}: {result.Status.Text()} → {result.ReportFile}: {result.Report.Note}";
}

sealed class PlainProgress(TextWriter writer) : Progress
{
    private readonly Lock _gate = new();

    public override Task<GradeReport> GradeAsync(GradeOptions options, CancellationToken cancellationToken)
    {
        Line($"Grading {options.Api}");
        return Grader.GradeAsync(options, new Reporter<CheckResult>(check =>
        {
            Line(CheckLine(check));
            if (!check.Passed) Line($"           {check.Detail}");
        }), cancellationToken);
    }

    public override Task<IReadOnlyList<RosterResult>> GradeRosterAsync(IReadOnlyList<RosterEntry> entries, GradeOptions template, int parallel,
        string outputDirectory, ReportFormat format, CancellationToken cancellationToken)
    {
        Line($"Grading {entries.Count} deployments, {Math.Max(1, parallel)} at a time");
        return Roster.GradeAsync(entries, template, parallel, outputDirectory, format, onDone: result => Line(StudentLine(result)),
            cancellationToken: cancellationToken);
    }

    public override void Line(string text, bool bold = false, bool dim = false)
    {
        lock (_gate) writer.WriteLine(text);
    }
}

sealed class LiveProgress(IAnsiConsole console) : Progress
{
    public override Task<GradeReport> GradeAsync(GradeOptions options, CancellationToken cancellationToken) =>
        console.Status().StartAsync($"Grading {options.Api}…", async status =>
        {
            var done = 0;
            return await Grader.GradeAsync(options, new Reporter<CheckResult>(check =>
            {
                done++;
                status.Status($"Grading {options.Api}… {done}/{options.Rubric.Checks.Count} checks");
                console.MarkupLine($"{(check.Passed ? "[green]PASS[/]" : "[red]FAIL[/]")} {check.Earned,2}/{check.Points,-2} {Markup.Escape(check.Title)}" +
                    (check.Passed ? "" : $"\n           [grey]{Markup.Escape(check.Detail)}[/]"));
            }), cancellationToken);
        });

    public override async Task<IReadOnlyList<RosterResult>> GradeRosterAsync(IReadOnlyList<RosterEntry> entries, GradeOptions template, int parallel,
        string outputDirectory, ReportFormat format, CancellationToken cancellationToken)
    {
        IReadOnlyList<RosterResult> results = [];
        await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = entries.ToDictionary(e => e.Student, e => context.AddTask(Markup.Escape(e.Student), maxValue: template.Rubric.Checks.Count));
                results = await Roster.GradeAsync(entries, template, parallel, outputDirectory, format,
                    onCheck: (entry, _) => tasks[entry.Student].Increment(1),
                    onDone: result =>
                    {
                        var task = tasks[result.Entry.Student];
                        task.Value = task.MaxValue;
                        task.Description = Markup.Escape(result.Status.RanChecks()
                            ? $"{result.Entry.Student}: {result.Report.Score}/{result.Report.Max}"
                            : $"{result.Entry.Student}: {result.Status.Text()}");
                    },
                    cancellationToken: cancellationToken);
            });
        foreach (var result in results) Line(StudentLine(result));
        return results;
    }

    public override void Line(string text, bool bold = false, bool dim = false) =>
        console.MarkupLine(bold ? $"[bold]{Markup.Escape(text)}[/]" : dim ? $"[grey]{Markup.Escape(text)}[/]" : Markup.Escape(text));
}

/// <summary>Reports each finished check straight away, on the grading thread.</summary>
sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
