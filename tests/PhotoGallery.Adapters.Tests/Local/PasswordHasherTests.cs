using NUnit.Framework;
using PhotoGallery.Local.Users;

namespace PhotoGallery.Adapters.Tests.Local;

/// <summary>How the local pool stores passwords: salted PBKDF2, never the password itself.</summary>
public sealed class PasswordHasherTests
{
    [Test]
    public void Hash_SamePasswordTwice_DifferentSaltsBothVerify()
    {
        var first = PasswordHasher.Hash("Corr3ct-Horse!");
        var second = PasswordHasher.Hash("Corr3ct-Horse!");

        Assert.That(first, Is.Not.EqualTo(second));
        Assert.That(PasswordHasher.Verify("Corr3ct-Horse!", first), Is.True);
        Assert.That(PasswordHasher.Verify("Corr3ct-Horse!", second), Is.True);
        Assert.That(first, Does.StartWith($"pbkdf2-sha512${PasswordHasher.Iterations}$").And.Not.Contain("Horse"));
    }

    [TestCase("corr3ct-Horse!")]
    [TestCase("Corr3ct-Horse")]
    [TestCase("")]
    public void Verify_OtherPassword_False(string attempt) =>
        Assert.That(PasswordHasher.Verify(attempt, PasswordHasher.Hash("Corr3ct-Horse!")), Is.False);

    [TestCase("")]
    [TestCase("plain-text-password")]
    [TestCase("pbkdf2-sha512$x$y$z")]
    public void Verify_NotAHash_False(string stored) =>
        Assert.That(PasswordHasher.Verify("Corr3ct-Horse!", stored), Is.False);
}
