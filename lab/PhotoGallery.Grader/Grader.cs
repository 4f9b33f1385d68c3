namespace PhotoGallery.Grader;

/// <summary>How to grade one deployment.</summary>
public sealed record GradeOptions
{
    /// <summary>The API's base URL, stage included (e.g. https://abc123.execute-api.us-east-1.amazonaws.com/prod).</summary>
    public required Uri Api { get; init; }

    /// <summary>A confirmed account to log in with; without it the grader confirms its own new user through the outbox.</summary>
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>Where confirmation codes can be read (the local host's <c>/_local/outbox</c>); found by itself on a local host.</summary>
    public Uri? Outbox { get; init; }

    /// <summary>How long to wait for each request.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The whole grading's time budget for one deployment: a deployment answering just under the request
    /// timeout would otherwise hold the grader for many minutes. Checks not reached by then score nothing.
    /// </summary>
    public TimeSpan Deadline { get; init; } = DefaultDeadline;

    /// <summary>Five minutes: the reference deployment takes well under one, on AWS or locally.</summary>
    public static TimeSpan DefaultDeadline { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a new photo's images may take: processphoto makes them on S3's event, asynchronously, so
    /// a cold start and the event's delivery come first.
    /// </summary>
    public TimeSpan ImageWait { get; init; } = TimeSpan.FromSeconds(30);

    public Rubric Rubric { get; init; } = Rubric.Default;

    /// <summary>The time on the report.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>Grades one deployment from the outside, over HTTP only.</summary>
public static class Grader
{
    /// <summary>
    /// A report whatever happens: graded, or why not (unreachable, misconfigured, needs credentials) with
    /// the next step; checks the deadline left out are listed.
    /// </summary>
    public static async Task<GradeReport> GradeAsync(
        GradeOptions options, IProgress<CheckResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var gradedAt = options.Clock.GetUtcNow();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Deadline);
        using var api = new ApiClient(options.Api, options.Timeout);
        try
        {
            if (await DeploymentSurvey.FindProblemAsync(api, options, deadline.Token) is { } problem)
            {
                return new GradeReport
                {
                    Api = options.Api.ToString(), Status = problem.Status, Score = 0, Max = options.Rubric.MaxPoints, Checks = [],
                    Note = problem.Note, GradedAt = gradedAt,
                };
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new GradeReport
            {
                Api = options.Api.ToString(), Status = GradeStatus.Unreachable, Score = 0, Max = options.Rubric.MaxPoints, Checks = [],
                Note = $"{options.Api} did not answer its first requests within the deadline of {options.Deadline.TotalSeconds:0} s. " +
                    "Check the URL (stage included) and that the API is deployed.",
                GradedAt = gradedAt,
            };
        }
        var run = new GradingRun(api, options);
        return await run.RunAsync(progress, gradedAt, deadline.Token, cancellationToken);
    }
}
