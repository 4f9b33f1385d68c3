using System.Text.Json;
using System.Text.Json.Serialization;

namespace PhotoGallery.Grader;

/// <summary>One graded check: its points are the instructor's to set.</summary>
public sealed record RubricCheck(string Id, string Title, int Points);

/// <summary>A part of the lab a class may stop before (the seven API functions; the eighth, processphoto).</summary>
public sealed record RubricSection(string Id, string Title, IReadOnlyList<RubricCheck> Checks);

/// <summary>
/// The rubric as data (<c>rubric.json</c>): which checks count and for how many points, in sections. The
/// checks themselves are code (<see cref="GradingRun"/>); an instructor can reweight or drop them with
/// <c>--rubric my-rubric.json</c>, or leave a whole section out (<c>--skip-section images</c>), but not
/// invent new ones.
/// </summary>
public sealed record Rubric(string Title, IReadOnlyList<RubricSection> Sections)
{
    [JsonIgnore]
    public IReadOnlyList<RubricCheck> Checks => [.. Sections.SelectMany(s => s.Checks)];

    [JsonIgnore]
    public int MaxPoints => Checks.Sum(c => c.Points);

    public static Rubric Default { get; } = LoadDefault();

    public static Rubric Load(string path)
    {
        if (!File.Exists(path)) throw new GraderUsageException($"The rubric {path} does not exist.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>A rubric file: <c>{"title", "sections":[{"id","title","checks":[…]}]}</c>, or one flat <c>"checks"</c> list.</summary>
    public static Rubric Parse(string json, string source)
    {
        RubricFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, GraderJson.Default.RubricFile);
        }
        catch (JsonException e)
        {
            throw new GraderUsageException($"The rubric {source} is not valid JSON: {e.Message}");
        }
        var sections = file?.Sections ?? (file?.Checks is { } flat ? [new RubricSection("all", file.Title ?? "Checks", flat)] : null);
        if (sections is null || sections.All(s => s.Checks is not { Count: > 0 })) throw new GraderUsageException($"The rubric {source} lists no checks.");
        var rubric = new Rubric(file!.Title ?? "PhotoGallery", sections);
        var unknown = rubric.Checks.Select(c => c.Id).Except(GradingRun.CheckIds).ToList();
        if (unknown.Count > 0)
            throw new GraderUsageException(
                $"The rubric {source} names checks the grader does not have: {string.Join(", ", unknown)}. Known: {string.Join(", ", GradingRun.CheckIds)}.");
        var twice = rubric.Checks.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new GraderUsageException($"The rubric {source} lists {twice.Key} twice.");
        if (rubric.Checks.Any(c => c.Points < 0)) throw new GraderUsageException($"The rubric {source} has negative points.");
        return rubric;
    }

    /// <summary>The rubric without the named sections: a class that stops at seven functions is graded without <c>images</c>.</summary>
    public Rubric Without(IReadOnlyCollection<string> sectionIds)
    {
        var unknown = sectionIds.Except(Sections.Select(s => s.Id)).ToList();
        if (unknown.Count > 0)
            throw new GraderUsageException(
                $"The rubric has no section {string.Join(", ", unknown)}; its sections are {string.Join(", ", Sections.Select(s => s.Id))}.");
        var kept = Sections.Where(s => !sectionIds.Contains(s.Id)).ToList();
        if (kept.Count == 0) throw new GraderUsageException("Every section of the rubric was skipped: nothing would be graded.");
        return this with { Sections = kept };
    }

    private static Rubric LoadDefault()
    {
        using var stream = typeof(Rubric).Assembly.GetManifestResourceStream("rubric.json")
            ?? throw new InvalidOperationException("The grader was built without its rubric.json.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "rubric.json (built in)");
    }
}

/// <summary>The rubric file as written: sections, or (older files) one list of checks.</summary>
internal sealed record RubricFile(string? Title, IReadOnlyList<RubricSection>? Sections, IReadOnlyList<RubricCheck>? Checks);

/// <summary>Wrong usage the instructor can fix: a bad option, an unreadable rubric or roster.</summary>
public sealed class GraderUsageException(string message) : Exception(message);
