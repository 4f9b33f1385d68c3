using System.Text.RegularExpressions;
using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Users;

/// <summary>What a username, a name, an email address and a confirmation code must look like.</summary>
public static partial class UserRules
{
    public const int MaxUsernameLength = 128;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;

    /// <summary>A confirmation code: six digits (as a regular expression, for the API description too).</summary>
    public const string CodePatternText = "^[0-9]{6}$";

    public static void CheckUsername(string username)
    {
        if (username.Length > MaxUsernameLength)
            throw Invalid($"'username' must be at most {MaxUsernameLength} characters.");
        if (!UsernamePattern().IsMatch(username))
            throw Invalid("'username' may contain letters, digits and . _ - + @ only, with no spaces.");
    }

    public static void CheckName(string name)
    {
        if (name.Length > MaxNameLength) throw Invalid($"'name' must be at most {MaxNameLength} characters.");
    }

    public static void CheckEmail(string email)
    {
        if (email.Length > MaxEmailLength || !EmailPattern().IsMatch(email))
            throw Invalid($"'email' must be an email address like someone@example.com; got '{Shorten(email)}'.");
    }

    public static void CheckCode(string code)
    {
        if (!CodePattern().IsMatch(code))
            throw new GalleryException(ErrorCode.CodeMismatch, "The confirmation code is the 6 digits from the email.");
    }

    /// <summary>How Cognito shows where it sent a code: the first letter and the domain's first letter.</summary>
    public static string MaskEmail(string email)
    {
        var at = email.IndexOf('@');
        if (at <= 0) return "***";
        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var tld = dot >= 0 ? domain[dot..] : "";
        return $"{email[0]}***@{(domain.Length > 0 ? domain[0] : '*')}***{tld}";
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static GalleryException Invalid(string detail) => new(ErrorCode.InvalidParameter, detail);

    [GeneratedRegex(@"^[\p{L}\p{N}._+@-]+$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(CodePatternText)]
    private static partial Regex CodePattern();
}
