using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PhotoGallery.Local.Users;

/// <summary>
/// Salted, deliberately slow password hashes: PBKDF2 with HMAC-SHA-512 at OWASP's recommended
/// iteration count. The stored text names the algorithm and iterations, so they can be raised later
/// without breaking existing hashes.
/// </summary>
public static class PasswordHasher
{
    public const int Iterations = 210_000;
    private const string Algorithm = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations);
        return string.Join('$', Algorithm, Iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts is not [Algorithm, var iterationsText, var saltText, var hashText] ||
            !int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
            return false;
        var expected = Convert.FromBase64String(hashText);
        var actual = Derive(password, Convert.FromBase64String(saltText), iterations);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Spends the same time as a real check, so an unknown username takes as long as a wrong password.</summary>
    public static void VerifyNothing(string password) => Derive(password, new byte[SaltBytes], Iterations);

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
}
