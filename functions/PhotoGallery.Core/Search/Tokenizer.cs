using System.Globalization;
using System.Text;

namespace PhotoGallery.Core.Search;

/// <summary>
/// The one tokenizer: turns text into the words search indexes and matches, identically for SQLite and
/// DynamoDB. A word is a run of letters, digits or spacing marks; words are lower-cased, stripped of
/// accents ("Café" → "cafe", "Łódź" → "lodz") and cut to <see cref="MaxWordLength"/> characters.
/// </summary>
public static class Tokenizer
{
    public const int MaxWordLength = 32;

    // Accented letters and their bases, from Unicode's canonical decompositions (string.Normalize would
    // do nothing here: the functions run in globalization-invariant mode).
    private static readonly Dictionary<char, char> Accents =
        AccentFolding.Accented.Zip(AccentFolding.Bases).ToDictionary(pair => pair.First, pair => pair.Second);

    // Letters with no decomposition that readers still expect to match their base letter.
    private static readonly Dictionary<char, string> Folds = new()
    {
        ['ł'] = "l", ['đ'] = "d", ['ø'] = "o", ['ħ'] = "h", ['æ'] = "ae", ['œ'] = "oe",
        ['ß'] = "ss", ['þ'] = "th", ['ı'] = "i", ['ŀ'] = "l",
    };

    /// <summary>The normalized words of <paramref name="text"/>, in order, repeats kept.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text)) return words;
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.NonSpacingMark) continue; // a combining accent
            if (IsWordRune(category)) Append(word, Rune.ToLowerInvariant(rune));
            else Flush(word, words);
        }
        Flush(word, words);
        return words;
    }

    /// <summary>The distinct words of several texts.</summary>
    public static IReadOnlySet<string> WordSet(IEnumerable<string?> texts)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts) set.UnionWith(Words(text));
        return set;
    }

    private static bool IsWordRune(UnicodeCategory category) => category is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or
        UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.SpacingCombiningMark;

    private static void Append(StringBuilder word, Rune lower)
    {
        if (!lower.IsBmp)
        {
            word.Append(lower.ToString());
            return;
        }
        var letter = Accents.TryGetValue((char)lower.Value, out var bare) ? bare : (char)lower.Value;
        if (Folds.TryGetValue(letter, out var folded)) word.Append(folded);
        else word.Append(letter);
    }

    private static void Flush(StringBuilder word, List<string> words)
    {
        if (word.Length == 0) return;
        words.Add(Truncate(word.ToString()));
        word.Clear();
    }

    private static string Truncate(string word)
    {
        if (word.Length <= MaxWordLength) return word;
        // Never cut a surrogate pair in half.
        var cut = char.IsHighSurrogate(word[MaxWordLength - 1]) ? MaxWordLength - 1 : MaxWordLength;
        return word[..cut];
    }
}
