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

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a new photo's images may take: processphoto makes them on S3's event, asynchronously, so
    /// a cold start and the event's delivery come first.
    /// </summary>
    public TimeSpan ImageWait { get; init; } = TimeSpan.FromSeconds(30);

    public Rubric Rubric { get; init; } = Rubric.Default;
}

/// <summary>The deployment did not answer at all: there is nothing to grade.</summary>
public sealed class DeploymentUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>Grades one deployment from the outside, over HTTP only.</summary>
public static class Grader
{
    public static async Task<GradeReport> GradeAsync(
        GradeOptions options, IProgress<CheckResult>? progress = null, CancellationToken cancellationToken = default)
    {
        using var api = new ApiClient(options.Api, options.Timeout);
        await EnsureReachableAsync(api, options.Api, cancellationToken);
        var run = new GradingRun(api, options);
        return await run.RunAsync(progress, cancellationToken);
    }

    private static async Task EnsureReachableAsync(ApiClient api, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            await api.SendAsync(HttpMethod.Options, "/signup", cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new DeploymentUnreachableException($"{url} did not answer ({e.Message}). Check the URL (stage included) and that the API is deployed.", e);
        }
    }
}
