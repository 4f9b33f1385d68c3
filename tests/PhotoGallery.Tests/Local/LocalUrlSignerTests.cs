using NUnit.Framework;
using PhotoGallery.Local.Storage;

namespace PhotoGallery.Tests.Local;

public sealed class LocalUrlSignerTests
{
    private const string Key = "photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.jpg";
    private readonly ManualClock _clock = new();
    private LocalUrlSigner Signer => new(new byte[32], _clock);

    [Test]
    public void Check_AsSigned_Valid()
    {
        var (expires, signature) = Signer.Sign("PUT", Key, "image/jpeg", TimeSpan.FromMinutes(15));

        Assert.That(Signer.Check("PUT", Key, "image/jpeg", expires.ToString(), signature), Is.EqualTo(UrlCheck.Valid));
    }

    [Test]
    public void Check_AfterExpiry_Expired()
    {
        var (expires, signature) = Signer.Sign("GET", Key, null, TimeSpan.FromMinutes(15));
        _clock.Advance(TimeSpan.FromMinutes(16));

        Assert.That(Signer.Check("GET", Key, null, expires.ToString(), signature), Is.EqualTo(UrlCheck.Expired));
    }

    [Test]
    public void Check_ExpiryPushedLater_SignatureMismatch()
    {
        var (expires, signature) = Signer.Sign("GET", Key, null, TimeSpan.FromMinutes(15));

        Assert.That(Signer.Check("GET", Key, null, (expires + 3600).ToString(), signature), Is.EqualTo(UrlCheck.SignatureMismatch));
    }

    [TestCase("GET", Key, null)]
    [TestCase("PUT", "photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/thumbnail.jpg", "image/jpeg")]
    [TestCase("PUT", Key, "image/png")]
    [TestCase("PUT", Key, null)]
    public void Check_OtherMethodKeyOrContentType_SignatureMismatch(string method, string key, string? contentType)
    {
        var (expires, signature) = Signer.Sign("PUT", Key, "image/jpeg", TimeSpan.FromMinutes(15));

        Assert.That(Signer.Check(method, key, contentType, expires.ToString(), signature), Is.EqualTo(UrlCheck.SignatureMismatch));
    }

    [Test]
    public void Check_OtherSecret_SignatureMismatch()
    {
        var (expires, signature) = new LocalUrlSigner(Enumerable.Repeat((byte)7, 32).ToArray(), _clock).Sign("GET", Key, null, TimeSpan.FromMinutes(5));

        Assert.That(Signer.Check("GET", Key, null, expires.ToString(), signature), Is.EqualTo(UrlCheck.SignatureMismatch));
    }

    [TestCase(null, "abc")]
    [TestCase("soon", "abc")]
    [TestCase("123", null)]
    public void Check_MissingParameters_NotSigned(string? expires, string? signature) =>
        Assert.That(Signer.Check("GET", Key, null, expires, signature), Is.EqualTo(UrlCheck.NotSigned));
}
