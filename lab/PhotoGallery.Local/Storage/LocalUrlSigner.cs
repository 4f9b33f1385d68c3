using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// Signs and checks local storage URLs the way S3 presigned URLs work: the method, key, expiry, (for
/// uploads) content type and (for downloads) the Cache-Control to answer with are covered by an HMAC, so a
/// URL cannot be reused for another object, after it expires, for another content type or with another
/// Cache-Control. Downloads are signed per window (<see cref="SigningWindow"/>), like S3's, so they repeat.
/// </summary>
public sealed class LocalUrlSigner(byte[] secret, TimeProvider clock)
{
    public const string ExpiresParameter = "X-Local-Expires";
    public const string SignatureParameter = "X-Local-Signature";

    /// <summary>S3's name for the Cache-Control a signed GET asks the response to carry.</summary>
    public const string CacheControlParameter = "response-cache-control";

    public (long Expires, string Signature) Sign(string method, string key, string? contentType, TimeSpan lifetime)
    {
        var expires = (clock.GetUtcNow() + lifetime).ToUnixTimeSeconds();
        return (expires, Signature(method, key, contentType, null, expires));
    }

    /// <summary>A GET for the window the clock is in: the same expiry and signature all window long.</summary>
    public (long Expires, string Signature) SignDownload(string key, SigningWindow window)
    {
        var expires = window.ExpiresAt(clock.GetUtcNow()).ToUnixTimeSeconds();
        return (expires, Signature("GET", key, null, window.CacheControl, expires));
    }

    public UrlCheck Check(string method, string key, string? contentType, string? expiresText, string? signature, string? cacheControl = null)
    {
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || signature is null)
            return UrlCheck.NotSigned;
        var expected = Encoding.ASCII.GetBytes(Signature(method, key, contentType, cacheControl, expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
            return UrlCheck.SignatureMismatch;
        return clock.GetUtcNow().ToUnixTimeSeconds() > expires ? UrlCheck.Expired : UrlCheck.Valid;
    }

    private string Signature(string method, string key, string? contentType, string? cacheControl, long expires)
    {
        var canonical = string.Join('\n', method, key, contentType ?? "", expires.ToString(CultureInfo.InvariantCulture), cacheControl ?? "");
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
