using PhotoGallery.Core.Photos;

namespace PhotoGallery.Benchmarks;

/// <summary>The 28 queries every backend is timed with, in five kinds, and the photos they search.</summary>
public static class Queries
{
    public static readonly SyntheticGallery Gallery = new();

    public static readonly (string Kind, string[] Texts)[] Kinds =
    [
        ("common word", ["sunset", "beach", "mountain", "city", "night", "portrait", "river", "coffee", "castle", "museum"]),
        ("two-letter prefix", ["su", "be", "mo", "ci", "ph"]),
        ("one letter", ["s", "b"]),
        ("rare word", [.. new[] { 1500, 2500, 3500, 4500, 5500 }.Select(rank => Gallery.Vocabulary[rank])]),
        ("two words", ["sunset beach", "city night", "old bridge", "summer lake", "dog park", "the sea"]),
    ];

    public static readonly string[] All = [.. Kinds.SelectMany(kind => kind.Texts)];

    /// <summary>The same photos every run: the first n of one sequence, so each size holds the smaller ones.</summary>
    public static List<Photo> Photos(int count)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return [.. Enumerable.Range(0, count).Select(i => Gallery.Next(start.AddSeconds(i * 37)))];
    }

    public static string KindOf(string query) => Kinds.First(kind => kind.Texts.Contains(query)).Kind;
}
