using PhotoGallery.Core.Photos;

namespace PhotoGallery.Adapters.Tests.Support;

/// <summary>Random photos and queries over a small vocabulary with accents, shared prefixes and long words.</summary>
public static class RandomGallery
{
    private static readonly string[] Words =
    [
        "Sunset", "sun", "Sunny", "Sunday", "beach", "Beaches", "café", "Cafe", "CAFÉ", "naïve", "naive", "Łódź", "lodz",
        "über", "straße", "strasse", "photographer", "photographs", "photo", "a", "an", "the", "mountain", "mount",
        "x1", "2024", "東京", "日本", "Émile", "emil", "harbour", "harbor", "night", "nightfall", "supercalifragilisticexpialidocious",
        "supercalifragilistic", "Zoë", "zoe", "rain", "rainbow", "Ærø", "aero",
    ];

    private static readonly string[] Owners = ["alice", "bob", "élodie", "Zoë", "sunny-day"];

    public static List<Photo> Photos(Random random, int count)
    {
        var photos = new List<Photo>();
        for (var i = 0; i < count; i++)
        {
            // Few distinct minutes, so many photos share a creation time and the id decides their order.
            var created = Support.Photos.Epoch.AddMinutes(random.Next(0, count / 3));
            var photo = Support.Photos.Complete(Text(random, 1, 4), Text(random, 0, 8), Owners[random.Next(Owners.Length)],
                Enumerable.Range(0, random.Next(0, 3)).Select(_ => Text(random, 1, 2)).Distinct().ToArray(), created);
            photos.Add(random.Next(10) == 0 ? photo with { Status = PhotoStatus.Pending, ExpiresAt = created.AddDays(1) } : photo);
        }
        return photos;
    }

    /// <summary>One to three words, each whole or cut, sometimes repeated, sometimes upper-cased.</summary>
    public static string Query(Random random)
    {
        var words = new List<string>();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var word = Words[random.Next(Words.Length)];
            if (random.Next(2) == 0) word = word[..random.Next(1, word.Length + 1)];
            if (random.Next(4) == 0) word = word.ToUpperInvariant();
            words.Add(word);
            if (random.Next(6) == 0) words.Add(word);
        }
        return string.Join(random.Next(3) == 0 ? ", " : " ", words);
    }

    private static string Text(Random random, int min, int max) =>
        string.Join(" ", Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Words[random.Next(Words.Length)]));
}
