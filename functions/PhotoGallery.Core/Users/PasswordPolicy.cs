using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Users;

/// <summary>
/// The password rules, as Cognito's default policy has them. The local user pool enforces them, the
/// signup function checks them first (so every backend says which rule failed in the same words), and
/// the deployed user pool is configured from the same record.
/// </summary>
public sealed record PasswordPolicy(
    int MinimumLength, bool RequireLowercase, bool RequireUppercase, bool RequireDigits, bool RequireSymbols)
{
    public const int MaximumLength = 256;

    // Cognito's accepted symbols: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and space.
    private const string Symbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

    public static PasswordPolicy Default { get; } = new(8, true, true, true, true);

    /// <summary>The rules in words, for sign-up forms and documentation.</summary>
    public IReadOnlyList<string> Describe()
    {
        var rules = new List<string> { $"at least {MinimumLength} characters" };
        if (RequireLowercase) rules.Add("a lowercase letter");
        if (RequireUppercase) rules.Add("an uppercase letter");
        if (RequireDigits) rules.Add("a number");
        if (RequireSymbols) rules.Add("a symbol such as ! @ # $ %");
        return rules;
    }

    /// <summary>Throws <c>InvalidPassword</c> naming the first rule the password breaks.</summary>
    public void Check(string password)
    {
        if (password.Length < MinimumLength) Fail($"at least {MinimumLength} characters");
        if (password.Length > MaximumLength) throw Invalid($"Password must be at most {MaximumLength} characters.");
        if (RequireLowercase && !password.Any(char.IsLower)) Fail("a lowercase letter");
        if (RequireUppercase && !password.Any(char.IsUpper)) Fail("an uppercase letter");
        if (RequireDigits && !password.Any(char.IsAsciiDigit)) Fail("a number");
        if (RequireSymbols && !password.Any(Symbols.Contains)) Fail("a symbol such as ! @ # $ %");
        if (password.Trim() != password) throw Invalid("Password must not start or end with a space.");
    }

    private static void Fail(string rule) => throw Invalid($"Password must contain {rule}.");

    private static GalleryException Invalid(string detail) => new(ErrorCode.InvalidPassword, detail);
}
