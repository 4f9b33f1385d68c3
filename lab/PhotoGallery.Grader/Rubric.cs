using System.Text.Json;

namespace PhotoGallery.Grader;

/// <summary>One graded check: its points are the instructor's to set.</summary>
public sealed record RubricCheck(string Id, string Title, int Points);

/// <summary>
/// The rubric as data (<c>rubric.json</c>): which checks count and for how many points. The checks
/// themselves are code (<see cref="GradingRun"/>); an instructor can reweight or drop them with
/// <c>--rubric my-rubric.json</c>, but not invent new ones.
/// </summary>
public sealed record Rubric(string Title, IReadOnlyList<RubricCheck> Checks)
{
    public int MaxPoints => Checks.Sum(c => c.Points);

    public static Rubric Default { get; } = LoadDefault();

    public static Rubric Load(string path) => Parse(File.ReadAllText(path), path);

    public static Rubric Parse(string json, string source)
    {
        Rubric? rubric;
        try
        {
            rubric = JsonSerializer.Deserialize(json, GraderJson.Default.Rubric);
        }
        catch (JsonException e)
        {
            throw new GraderUsageException($"The rubric {source} is not valid JSON: {e.Message}");
        }
        if (rubric?.Checks is not { Count: > 0 }) throw new GraderUsageException($"The rubric {source} lists no checks.");
        var unknown = rubric.Checks.Select(c => c.Id).Except(GradingRun.CheckIds).ToList();
        if (unknown.Count > 0)
            throw new GraderUsageException(
                $"The rubric {source} names checks the grader does not have: {string.Join(", ", unknown)}. Known: {string.Join(", ", GradingRun.CheckIds)}.");
        if (rubric.Checks.Any(c => c.Points < 0)) throw new GraderUsageException($"The rubric {source} has negative points.");
        return rubric;
    }

    private static Rubric LoadDefault()
    {
        using var stream = typeof(Rubric).Assembly.GetManifestResourceStream("rubric.json")
            ?? throw new InvalidOperationException("The grader was built without its rubric.json.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "rubric.json (built in)");
    }
}

/// <summary>Wrong usage the instructor can fix: a bad option, an unreadable rubric or roster.</summary>
public sealed class GraderUsageException(string message) : Exception(message);
