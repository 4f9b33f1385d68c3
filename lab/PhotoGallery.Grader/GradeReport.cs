using System.Reflection;
using System.Text.Json.Serialization;

namespace PhotoGallery.Grader;

/// <summary>One check's result: what it is worth, what it earned, and what to fix.</summary>
public sealed record CheckResult(string Id, string Title, int Points, int Earned, string Detail)
{
    public bool Passed => Earned == Points;
}

/// <summary>How grading a deployment ended. Only <see cref="Graded"/> and <see cref="Deadline"/> ran checks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GradeStatus>))]
public enum GradeStatus
{
    /// <summary>Every check ran.</summary>
    [JsonStringEnumMemberName("graded")] Graded,

    /// <summary>The per-student time budget ran out: the checks not reached score nothing and are listed.</summary>
    [JsonStringEnumMemberName("deadline")] Deadline,

    /// <summary>The URL reaches something, but not the API's stage (no stage, a wrong one, the website's URL).</summary>
    [JsonStringEnumMemberName("misconfigured")] Misconfigured,

    /// <summary>No confirmed account was given and no outbox can confirm one: the grade would be silently wrong.</summary>
    [JsonStringEnumMemberName("needs credentials")] NeedsCredentials,

    /// <summary>Nothing answered at the URL.</summary>
    [JsonStringEnumMemberName("unreachable")] Unreachable,
}

public static class GradeStatuses
{
    /// <summary>The word in reports and grades.csv: <c>graded</c>, <c>deadline</c>, <c>misconfigured</c>, <c>needs credentials</c>, <c>unreachable</c>.</summary>
    public static string Text(this GradeStatus status) => status switch
    {
        GradeStatus.Graded => "graded",
        GradeStatus.Deadline => "deadline",
        GradeStatus.Misconfigured => "misconfigured",
        GradeStatus.NeedsCredentials => "needs credentials",
        _ => "unreachable",
    };

    /// <summary>Whether the checks ran (fully or until the deadline), so the check results mean something.</summary>
    public static bool RanChecks(this GradeStatus status) => status is GradeStatus.Graded or GradeStatus.Deadline;
}

/// <summary>
/// A deployment's grade. <see cref="Note"/> says why it was not (fully) graded and what to do next;
/// <see cref="Created"/> which account and photos the grader left behind; every report says when and by
/// which grader it was made.
/// </summary>
public sealed record GradeReport
{
    public required string Api { get; init; }
    public required GradeStatus Status { get; init; }
    public required int Score { get; init; }
    public required int Max { get; init; }
    public required IReadOnlyList<CheckResult> Checks { get; init; }
    public IReadOnlyList<string> Created { get; init; } = [];

    /// <summary>Empty when graded; otherwise the reason and the next step.</summary>
    public string Note { get; init; } = "";

    /// <summary>The checks the deadline left out (they score nothing).</summary>
    public IReadOnlyList<string> NotReached { get; init; } = [];

    public required DateTimeOffset GradedAt { get; init; }
    public string GraderVersion { get; init; } = CurrentVersion;

    public double Percent => Max == 0 ? 0 : Math.Round(100.0 * Score / Max, 1);

    [JsonIgnore]
    public IEnumerable<string> FailedChecks => Checks.Where(c => !c.Passed).Select(c => c.Id);

    /// <summary>This grader's version, e.g. <c>1.1.0+3f2a9c1</c> (the commit it was built from, when known).</summary>
    public static string CurrentVersion { get; } =
        typeof(GradeReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } version
            ? ShortCommit(version)
            : "unknown";

    private static string ShortCommit(string version) =>
        version.IndexOf('+', StringComparison.Ordinal) is var plus and > 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
}
