using System.Text;

namespace PhotoGallery.Core.Routing;

/// <summary>
/// Decodes a URL's percent-encoded text the way a gateway hands it to a function: <c>%XX</c> escapes are
/// bytes, the bytes are UTF-8, and bytes that are not UTF-8 become U+FFFD (which the functions refuse,
/// naming the field) rather than being passed on still escaped, where <c>%FF</c> would read as "FF".
/// </summary>
public static class PercentEncoding
{
    /// <param name="plusIsSpace">True in a query string (form encoding), false in a path.</param>
    public static string Decode(string text, bool plusIsSpace)
    {
        if (text.IndexOf('%') < 0) return plusIsSpace ? text.Replace('+', ' ') : text;
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add((byte)((Uri.FromHex(text[i + 1]) << 4) | Uri.FromHex(text[i + 2])));
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                // Characters sent unescaped are kept as they are (as UTF-8 bytes, so pairs stay pairs).
                var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, length)));
                i += length - 1;
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
