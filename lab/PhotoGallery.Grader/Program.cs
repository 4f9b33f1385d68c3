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
var output = new Option<string?>("--out") { Description = "Write the report to this file (with --roster: the folder for reports and grades.csv, default ./grades)." };
var roster = new Option<string?>("--roster") { Description = "A CSV of student,api[,username,password]: grade every line." };
var parallel = new Option<int>("--parallel") { Description = "With --roster: how many deployments to grade at once.", DefaultValueFactory = _ => 4 };
var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each request.", DefaultValueFactory = _ => 20 };
var rubric = new Option<string?>("--rubric") { Description = "A rubric JSON file to use instead of the built-in one (same check ids, your points)." };

var command = new RootCommand("Grades a PhotoGallery deployment from the outside, over HTTP, and explains each lost point.")
{
    api, username, password, outbox, format, output, roster, parallel, timeout, rubric,
};
command.SetAction(async (parse, cancellationToken) =>
{
    try
    {
        var options = new GradeOptions
        {
            Api = Url(parse.GetValue(api), "--api") ?? new Uri("http://unset.invalid"),
            Username = parse.GetValue(username),
            Password = parse.GetValue(password),
            Outbox = Url(parse.GetValue(outbox), "--outbox"),
            Timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
            Rubric = parse.GetValue(rubric) is { } file ? Rubric.Load(file) : Rubric.Default,
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
    // The live display goes where the report does not: stderr when the report is printed to stdout.
    var live = Live(toStderr: outFile is null && format != ReportFormat.Text);
    GradeReport report;
    try
    {
        report = await live.Status().StartAsync($"Grading {options.Api}…", async status =>
        {
            var done = 0;
            var progress = new LiveProgress(check =>
            {
                done++;
                status.Status($"Grading {options.Api}… {done}/{options.Rubric.Checks.Count} checks");
                live.MarkupLine($"{(check.Passed ? "[green]PASS[/]" : "[red]FAIL[/]")} {check.Earned,2}/{check.Points,-2} {Markup.Escape(check.Title)}" +
                    (check.Passed ? "" : $"\n           [grey]{Markup.Escape(check.Detail)}[/]"));
            });
            return await Grader.GradeAsync(options, progress, cancellationToken);
        });
    }
    catch (DeploymentUnreachableException e)
    {
        Console.Error.WriteLine(e.Message);
        return 3;
    }

    live.MarkupLine($"[bold]Score: {report.Score}/{report.Max} ({report.Percent:0.#}%)[/]");
    var text = ReportWriter.Write(report, format);
    if (outFile is not null)
    {
        await File.WriteAllTextAsync(outFile, text, cancellationToken);
        live.MarkupLine($"Report written to [blue]{Markup.Escape(Path.GetFullPath(outFile))}[/]");
    }
    else if (format != ReportFormat.Text)
    {
        Console.Out.Write(text);
    }
    else if (report.Created.Count > 0)
    {
        live.MarkupLine($"[grey]Created: {Markup.Escape(string.Join("; ", report.Created))}[/]");
    }
    return 0;
}

static async Task<int> GradeRosterAsync(string rosterFile, GradeOptions template, int parallel, string outputDirectory,
    ReportFormat format, CancellationToken cancellationToken)
{
    var entries = Roster.Load(rosterFile);
    var live = Live(toStderr: false);
    IReadOnlyList<RosterResult> results = [];
    await live.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
        .StartAsync(async context =>
        {
            var tasks = entries.ToDictionary(e => e.Student, e => context.AddTask(Markup.Escape(e.Student), maxValue: template.Rubric.Checks.Count));
            results = await Roster.GradeAsync(entries, template, parallel, outputDirectory, format,
                onCheck: (entry, _) => tasks[entry.Student].Increment(1),
                onDone: result =>
                {
                    var task = tasks[result.Entry.Student];
                    task.Value = task.MaxValue;
                    task.Description = Markup.Escape(result.Report is { } r ? $"{result.Entry.Student}: {r.Score}/{r.Max}" : $"{result.Entry.Student}: {result.Status}: {result.Note}");
                },
                cancellationToken: cancellationToken);
        });
    foreach (var result in results)
        live.MarkupLine(Markup.Escape(result.Report is { } r ? $"{result.Entry.Student}: {r.Score}/{r.Max} → {result.ReportFile}" : $"{result.Entry.Student}: {result.Status}: {result.Note}"));
    live.MarkupLine($"Grades written to [blue]{Markup.Escape(Path.GetFullPath(Path.Combine(outputDirectory, "grades.csv")))}[/]");
    return 0;
}

static Uri? Url(string? text, string option)
{
    if (text is null) return null;
    if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https") return url;
    throw new GraderUsageException($"{option} must be an http(s) URL, like https://abc123.execute-api.us-east-1.amazonaws.com/prod; got \"{text}\".");
}

static IAnsiConsole Live(bool toStderr) =>
    AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(toStderr ? Console.Error : Console.Out) });

/// <summary>Reports each finished check straight away, on the grading thread.</summary>
sealed class LiveProgress(Action<CheckResult> report) : IProgress<CheckResult>
{
    public void Report(CheckResult value) => report(value);
}
