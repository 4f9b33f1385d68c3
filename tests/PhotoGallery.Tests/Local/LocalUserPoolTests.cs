using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local;
using PhotoGallery.Local.Users;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

public sealed class LocalUserPoolTests
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

    [Test]
    public async Task Users_AfterRestart_StillThereConfirmedAndAbleToSignIn()
    {
        using var gallery = new TestGallery();
        await gallery.ConfirmedUserAsync("frank");

        var reopened = LocalBackend.Open(gallery.DataDirectory, () => new Uri("http://127.0.0.1:9/"), gallery.Clock, TextWriter.Null);
        var session = await reopened.Users.SignInAsync("frank", TestGallery.Password, default);

        Assert.That(session.User.Email, Is.EqualTo("frank@example.com"));
        Assert.That(reopened.Users.Outbox(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Database_AfterSignUp_HoldsNoPlainPassword()
    {
        using var gallery = new TestGallery();
        await gallery.ConfirmedUserAsync("grace");

        var bytes = await File.ReadAllBytesAsync(Path.Combine(gallery.DataDirectory, "users.db"));
        var wal = Path.Combine(gallery.DataDirectory, "users.db-wal");
        var all = File.Exists(wal) ? [.. bytes, .. await File.ReadAllBytesAsync(wal)] : bytes;

        Assert.That(System.Text.Encoding.UTF8.GetString(all), Does.Not.Contain(TestGallery.Password));
    }

    [Test]
    public async Task Outbox_SeveralSignUps_NewestFirst()
    {
        using var gallery = new TestGallery();
        foreach (var name in new[] { "ann", "ben", "cat" })
        {
            await gallery.Backend.Users.SignUpAsync(new NewUser(name, TestGallery.Password, name, $"{name}@example.com"), default);
            gallery.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(gallery.Backend.Users.Outbox().Select(m => m.Username), Is.EqualTo(new[] { "cat", "ben", "ann" }));
    }

    [Test]
    public async Task SignUpAsync_WeakPasswordStraightToThePool_StillRefused()
    {
        using var gallery = new TestGallery();

        var error = await Assert.ThrowsAsync<GalleryException>(() =>
            gallery.Backend.Users.SignUpAsync(new NewUser("hal", "weak", "Hal", "hal@example.com"), default));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidPassword));
    }
}
