using System.Globalization;
using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Http;

/// <summary>
/// The one rule every string the API reads must pass, wherever it travels (body, query string, path):
/// it is Unicode text. That rules out an unpaired UTF-16 surrogate (<c>"\ud800"</c> in JSON: no
/// character at all, and it cannot be written back as UTF-8), U+FFFD (what a gateway makes of bytes that
/// are not UTF-8, so the text the client meant is already lost) and NUL (U+0000, which no photo title or
/// username means and which cuts strings short in C libraries and logs). A failure names the field and
/// the position, never echoes the value.
/// </summary>
public static class WellFormedText
{
    /// <summary>The value itself when it is well-formed text (or <c>null</c>), else a 400 InvalidParameter naming <paramref name="name"/>.</summary>
    public static string? Check(string name, string? value)
    {
        if (value is not null && Problem(value) is { } problem)
            throw Invalid(name, problem);
        return value;
    }

    /// <summary>What is wrong with <paramref name="value"/> as text, or <c>null</c> when nothing is.</summary>
    public static string? Problem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return $"an unpaired UTF-16 surrogate ({Code(c)}) at character {i + 1}";
            if (c == '\uFFFD') return $"bytes that are not UTF-8 (decoded as {Code(c)}) at character {i + 1}";
            if (c == '\0') return $"a NUL character ({Code(c)}) at character {i + 1}";
        }
        return null;
    }

    /// <summary>The error for a JSON string the reader refused to decode (an escaped unpaired surrogate).</summary>
    public static GalleryException Undecodable(string name) =>
        Invalid(name, "an unpaired UTF-16 surrogate (a \\uD800–\\uDFFF escape without its partner)");

    private static GalleryException Invalid(string name, string problem) =>
        new(ErrorCode.InvalidParameter, $"'{name}' must be Unicode text; it holds {problem}.");

    private static string Code(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
