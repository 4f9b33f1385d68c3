using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Search;

/// <summary>
/// A search as the contract defines it: every query word must be a prefix of some word of the photo
/// (title, description, tags, owner), after the <see cref="Tokenizer"/> has normalized both sides.
/// </summary>
public sealed record SearchQuery(string Text, IReadOnlyList<string> Words)
{
    public const int MaxTextLength = 200;
    public const int MaxWords = 8;

    public static SearchQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new GalleryException(ErrorCode.InvalidParameter, "'q' is required: say what to search for.");
        if (text.Length > MaxTextLength)
            throw new GalleryException(ErrorCode.InvalidParameter, $"'q' is too long; keep it under {MaxTextLength} characters.");
        var words = Tokenizer.Words(text).Distinct(StringComparer.Ordinal).ToList();
        if (words.Count == 0)
            throw new GalleryException(ErrorCode.InvalidParameter, "'q' must contain at least one letter or digit.");
        if (words.Count > MaxWords)
            throw new GalleryException(ErrorCode.InvalidParameter, $"'q' has {words.Count} words; use at most {MaxWords}.");
        return new SearchQuery(text.Trim(), words);
    }

    /// <summary>The rule itself: true when every query word starts some word of the photo.</summary>
    public bool Matches(IReadOnlySet<string> photoWords) =>
        Words.All(query => photoWords.Any(word => word.StartsWith(query, StringComparison.Ordinal)));
}
