namespace PhotoGallery.Core.Search;

/// <summary>
/// The prefixes of the <see cref="Tokenizer"/>'s words that both catalogs index (SQLite's prefix rows, DynamoDB's term
/// items), so a query word cut here finds what a photo word cut here was filed under. A prefix never ends between
/// the halves of a surrogate pair (the tokenizer keeps astral letters): it stops before the pair instead.
/// </summary>
public static class WordPrefixes
{
    /// <summary>
    /// The word's first <paramref name="length"/> characters, or one fewer where the last would be the first half of
    /// a surrogate pair; the whole word if it is no longer. Empty for a word that starts with an astral letter cut at 1.
    /// </summary>
    public static string Cut(string word, int length)
    {
        if (word.Length <= length) return word;
        return char.IsHighSurrogate(word[length - 1]) ? word[..(length - 1)] : word[..length];
    }

    /// <summary>Every distinct, non-empty <see cref="Cut"/> of the words at those of <paramref name="lengths"/> each word reaches.</summary>
    public static IReadOnlySet<string> Of(IEnumerable<string> words, IEnumerable<int> lengths)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            foreach (var length in lengths)
            {
                if (length > word.Length) continue;
                if (Cut(word, length) is { Length: > 0 } prefix) prefixes.Add(prefix);
            }
        }
        return prefixes;
    }
}
