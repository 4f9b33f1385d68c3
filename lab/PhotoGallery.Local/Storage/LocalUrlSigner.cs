using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// Signs and checks local storage URLs the way S3 presigned URLs work: the method, key, expiry and (for
/// uploads) content type are covered by an HMAC, so a URL cannot be reused for another object, after it
/// expires, or for another content type.
/// </summary>
public sealed class LocalUrlSigner(byte[] secret, TimeProvider clock)
{
    public const string ExpiresParameter = "X-Local-Expires";
    public const string SignatureParameter = "X-Local-Signature";

    public (long Expires, string Signature) Sign(string method, string key, string? contentType, TimeSpan lifetime)
    {
        var expires = (clock.GetUtcNow() + lifetime).ToUnixTimeSeconds();
        return (expires, Signature(method, key, contentType, expires));
    }

    public UrlCheck Check(string method, string key, string? contentType, string? expiresText, string? signature)
    {
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || signature is null)
            return UrlCheck.NotSigned;
        var expected = Encoding.ASCII.GetBytes(Signature(method, key, contentType, expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
            return UrlCheck.SignatureMismatch;
        return clock.GetUtcNow().ToUnixTimeSeconds() > expires ? UrlCheck.Expired : UrlCheck.Valid;
    }

    private string Signature(string method, string key, string? contentType, long expires)
    {
        var canonical = string.Join('\n', method, key, contentType ?? "", expires.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(canonical)));
    }
}

public enum UrlCheck
{
    Valid,
    NotSigned,
    SignatureMismatch,
    Expired,
}
