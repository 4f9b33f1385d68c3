using NUnit.Framework;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Search;
using PhotoGallery.Local.Catalog;

namespace PhotoGallery.Tests.Local;

/// <summary>
/// Search on SQLite against a brute-force oracle: random galleries, random queries, every page followed.
/// The oracle lower-cases and strips accents with its own small table and checks prefixes word by word. Some words
/// are longer than the prefix rows hold (12 characters) and share their first 12 ("photographical", "photographically"),
/// others share their first 8 ("photograph", "photographer").
/// </summary>
public sealed class SearchOracleTests
{
    private static readonly string[] Vocabulary =
    [
        "sun", "Sunset", "sunrise", "SUNDAY", "beach", "Béach", "bEACH", "café", "cafeteria", "crème", "creek",
        "mountain", "Mount", "moUNTAINS", "sea", "season", "seal", "Łódź", "lodz", "zürich", "Zurich", "über",
        "night", "nightfall", "2024", "20", "x", "xy", "élan", "elan", "ß-bahn", "photo", "photograph", "PHOTOGRAPHER",
        "mountaineer", "photographical", "Photographically",
    ];

    private static readonly string[] Owners = ["alice", "bob", "Zoë", "sunny"];

    // Each seed with the chosen plan, then with each plan forced; every plan both on a gallery saved photo by photo
    // and on one saved by the bulk load (SaveManyAsync, one transaction).
    [TestCase(1, SearchPlan.Chosen, false)]
    [TestCase(2, SearchPlan.Chosen, false)]
    [TestCase(3, SearchPlan.Chosen, true)]
    [TestCase(4, SearchPlan.Chosen, true)]
    [TestCase(5, SearchPlan.PrefixZigZag, false)]
    [TestCase(6, SearchPlan.PrefixZigZag, false)]
    [TestCase(7, SearchPlan.PrefixZigZag, true)]
    [TestCase(8, SearchPlan.PrefixZigZag, true)]
    [TestCase(9, SearchPlan.PrefixProbe, false)]
    [TestCase(10, SearchPlan.PrefixProbe, false)]
    [TestCase(11, SearchPlan.PrefixProbe, true)]
    [TestCase(12, SearchPlan.PrefixProbe, true)]
    [TestCase(13, SearchPlan.PrefixMerge, false)]
    [TestCase(14, SearchPlan.PrefixMerge, false)]
    [TestCase(15, SearchPlan.PrefixMerge, true)]
    [TestCase(16, SearchPlan.PrefixMerge, true)]
    [TestCase(1, SearchPlan.CountThenWordRowsOrWalk, false)]
    [TestCase(2, SearchPlan.CountThenWordRowsOrWalk, true)]
    [TestCase(1, SearchPlan.WalkNewest, false)]
    [TestCase(2, SearchPlan.WalkNewest, true)]
    [TestCase(1, SearchPlan.FromWordRows, false)]
    [TestCase(2, SearchPlan.FromWordRows, true)]
    public async Task SearchAsync_RandomGallery_SameAsBruteForce(int seed, SearchPlan plan, bool bulk)
    {
        var random = new Random(seed);
        using var folder = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var index = SqlitePhotoIndex.Open(Path.Combine(folder.Path, "catalog.db"), clock, plan);
        var photos = new List<Photo>();
        for (var i = 0; i < 60; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 3)));
            var photo = new Photo
            {
                PhotoId = PhotoId.New(clock.GetUtcNow()),
                Owner = Owners[random.Next(Owners.Length)],
                Title = Words(random, 1, 4),
                Description = Words(random, 0, 6),
                Tags = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Words(random, 1, 2)).ToList(),
                FileName = "p.jpg",
                ContentType = ImageTypes.Jpeg,
                Size = 1,
                CreatedAt = clock.GetUtcNow(),
                Status = random.Next(10) == 0 ? PhotoStatus.Pending : PhotoStatus.Complete,
                ExpiresAt = clock.GetUtcNow().AddDays(1),
            };
            photos.Add(photo);
            if (!bulk) await index.SaveAsync(photo, default);
        }
        if (bulk) await index.SaveManyAsync(photos, default);

        // Then some photos saved again: other words, completed or back to pending, moved in time (the prefix rows
        // are keyed by time, so the old ones must go).
        for (var i = 0; i < 15; i++)
        {
            var at = random.Next(photos.Count);
            photos[at] = photos[at] with
            {
                Title = Words(random, 1, 4),
                Status = random.Next(5) == 0 ? PhotoStatus.Pending : PhotoStatus.Complete,
                CreatedAt = random.Next(2) == 0 ? photos[at].CreatedAt : photos[at].CreatedAt.AddMilliseconds(random.Next(-40, 40)),
            };
            await index.SaveAsync(photos[at], default);
        }

        for (var q = 0; q < 40; q++)
        {
            var text = Query(random);
            var query = SearchQuery.Parse(text);
            var expected = photos.Where(p => p.IsVisible && Oracle(p, text))
                .OrderByDescending(p => p.CreatedAtText, StringComparer.Ordinal).ThenByDescending(p => p.PhotoId, StringComparer.Ordinal)
                .Select(p => p.PhotoId).ToList();

            var actual = await AllPagesAsync(index, query, random.Next(1, 8));

            Assert.That(actual, Is.EqualTo(expected), $"seed {seed}, query '{text}'");
        }
    }

    private static async Task<List<string>> AllPagesAsync(IPhotoIndex index, SearchQuery query, int limit)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await index.SearchAsync(query, new PageRequest(limit, cursor), default);
            Assert.That(page.Photos, Has.Count.LessThanOrEqualTo(limit));
            ids.AddRange(page.Photos.Select(p => p.PhotoId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return ids;
    }

    private static string Words(Random random, int min, int max) =>
        string.Join(random.Next(2) == 0 ? " " : ", ", Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));

    /// <summary>A query of 1–3 words, each a random prefix of a vocabulary word in random case.</summary>
    private static string Query(Random random) => string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
    {
        var word = Vocabulary[random.Next(Vocabulary.Length)].Split('-')[0];
        var prefix = word[..random.Next(1, word.Length + 1)];
        return random.Next(2) == 0 ? prefix.ToUpperInvariant() : prefix;
    }));

    // The oracle's own normalization: only what the vocabulary above needs.
    private static readonly Dictionary<char, string> Plain = new()
    {
        ['é'] = "e", ['è'] = "e", ['ü'] = "u", ['ł'] = "l", ['ó'] = "o", ['ź'] = "z", ['ë'] = "e", ['ß'] = "ss",
    };

    private static List<string> OracleWords(string text)
    {
        var folded = string.Concat(text.ToLowerInvariant().Select(c => Plain.TryGetValue(c, out var p) ? p : c.ToString()));
        return folded.Split([' ', ',', '-'], StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static bool Oracle(Photo photo, string query)
    {
        var words = new[] { photo.Title, photo.Description, photo.Owner }.Concat(photo.Tags).SelectMany(OracleWords).ToList();
        return OracleWords(query).All(q => words.Any(w => w.StartsWith(q, StringComparison.Ordinal)));
    }
}
