using PhotoGallery.Core.Photos;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// Reproducible photos whose words follow a Zipf-like law over a vocabulary of real photo words and made-up
/// ones, so some words are in most photos and most words are rare, as in real captions.
/// </summary>
public sealed class SyntheticGallery
{
    private static readonly string[] Common =
    [
        "the", "a", "of", "and", "in", "at", "sunset", "beach", "mountain", "city", "night", "street", "portrait", "family",
        "dog", "cat", "flowers", "garden", "river", "lake", "forest", "snow", "winter", "summer", "autumn", "spring",
        "morning", "evening", "sky", "clouds", "rain", "bridge", "harbour", "boat", "train", "market", "café", "coffee",
        "birthday", "wedding", "party", "friends", "holiday", "trip", "road", "desert", "island", "sea", "ocean", "waves",
        "light", "shadow", "black", "white", "blue", "green", "red", "golden", "old", "new", "little", "big", "children",
        "photographer", "photography", "landscape", "architecture", "museum", "church", "castle", "tower", "park",
    ];

    private static readonly string[] Syllables = ["ka", "lo", "mi", "ra", "ten", "su", "vo", "del", "qui", "zor", "an", "bel", "cri", "dun", "fe"];

    private readonly Random _random = new(42);
    private readonly string[] _vocabulary;
    private readonly double[] _cumulative;
    private readonly string[] _owners;

    public SyntheticGallery(int vocabularySize = 6000)
    {
        var words = new List<string>(Common);
        var seen = new HashSet<string>(Common);
        var made = new Random(7);
        while (words.Count < vocabularySize)
        {
            var word = string.Concat(Enumerable.Range(0, made.Next(2, 5)).Select(_ => Syllables[made.Next(Syllables.Length)]));
            if (seen.Add(word)) words.Add(word);
        }
        _vocabulary = [.. words];
        _cumulative = new double[_vocabulary.Length];
        var total = 0.0;
        for (var rank = 0; rank < _vocabulary.Length; rank++) _cumulative[rank] = total += 1.0 / (rank + 1);
        _owners = [.. Enumerable.Range(0, 300).Select(i => $"user{i:D3}")];
    }

    public IReadOnlyList<string> Vocabulary => _vocabulary;

    public Photo Next(DateTimeOffset createdAt) => new()
    {
        PhotoId = PhotoId.New(createdAt),
        Owner = _owners[_random.Next(_owners.Length)],
        Title = Words(2, 5),
        Description = Words(4, 14),
        Tags = [.. Enumerable.Range(0, _random.Next(1, 5)).Select(_ => Word()).Distinct()],
        FileName = "photo.jpg",
        ContentType = ImageTypes.Jpeg,
        Size = 2_000_000,
        Width = 4000,
        Height = 3000,
        CreatedAt = createdAt,
        Status = PhotoStatus.Complete,
    };

    private string Words(int min, int max) => string.Join(' ', Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Word()));

    private string Word()
    {
        var point = _random.NextDouble() * _cumulative[^1];
        var rank = Array.BinarySearch(_cumulative, point);
        return _vocabulary[rank >= 0 ? rank : Math.Min(~rank, _vocabulary.Length - 1)];
    }
}
