using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// Signs and checks local storage URLs the way S3 presigned URLs work: the method, key, expiry and (for
/// downloads) the Cache-Control to answer with are covered by an HMAC, so a URL cannot be reused for another
/// object, after it expires or with another Cache-Control. Downloads are signed per window
/// (<see cref="SigningWindow"/>), like S3's, so they repeat. Uploads are presigned POSTs: an HMAC over a
/// <see cref="PostPolicy"/> that binds the key, the content type and the size.
/// </summary>
public sealed class LocalUrlSigner(byte[] secret, TimeProvider clock)
{
    public const string ExpiresParameter = "X-Local-Expires";
    public const string SignatureParameter = "X-Local-Signature";

    /// <summary>S3's name for the Cache-Control a signed GET asks the response to carry.</summary>
    public const string CacheControlParameter = "response-cache-control";

    /// <summary>The form field of a local upload that carries the policy's signature (S3's is <c>x-amz-signature</c>).</summary>
    public const string PolicySignatureField = "x-local-signature";

    /// <summary>
    /// A POST policy for one upload, as S3's presigned POST makes it: the key, the content type and the size
    /// (exactly <paramref name="size"/> bytes) bound, signed with this store's secret.
    /// </summary>
    public (string Policy, string Signature, DateTimeOffset Expires) SignUpload(string key, string contentType, long size, TimeSpan lifetime)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        var policy = PostPolicy.Encode(expires,
            PostPolicy.Exact("key", key), PostPolicy.Exact("Content-Type", contentType), PostPolicy.ContentLengthRange(size, size));
        return (policy, PolicySignature(policy), expires);
    }

    /// <summary>Whether <paramref name="signature"/> is this store's over exactly <paramref name="policy"/>.</summary>
    public bool IsSigned(string? policy, string? signature) =>
        policy is not null && signature is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(PolicySignature(policy)), Encoding.ASCII.GetBytes(signature));

    public DateTimeOffset Now => clock.GetUtcNow();

    private string PolicySignature(string policy) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("POST\n" + policy)));

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
