using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local;

namespace PhotoGallery.Adapters.Tests.Local;

/// <summary>
/// The user pool contract on the local pool, codes read from its outbox; then what only the local pool
/// does, each test on a pool of its own: users kept in its database across restarts, never a plain
/// password on disk, the outbox newest first, the policy enforced even without the function in front.
/// </summary>
[TestFixture]
public sealed class LocalUserPoolTests : UserPoolContract
{
    private static readonly Uri NoHost = new("http://127.0.0.1:9/");
    private static readonly DateTimeOffset Epoch = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _folder = new();
    private LocalBackend _backend = null!;

    protected override IUserPool Pool => _backend.Users;

    [OneTimeSetUp]
    public void OpenBackend() =>
        _backend = LocalBackend.Open(_folder.Path, () => NoHost, console: TextWriter.Null);

    [OneTimeTearDown]
    public void DeleteFolder() => _folder.Dispose();

    protected override Task<string> CodeSentToAsync(string username) =>
        Task.FromResult(_backend.Users.Outbox().First(message => message.Username == username).Code);

    [Test]
    public async Task Users_AfterRestart_StillThereConfirmedAndAbleToSignIn()
    {
        using var folder = new TempDirectory();
        var clock = new ManualClock(Epoch);
        await ConfirmedUserAsync(Open(folder, clock), "frank");

        var reopened = Open(folder, clock);
        var session = await reopened.Users.SignInAsync("frank", Password, default);

        Assert.That(session.User.Email, Is.EqualTo("frank@example.com"));
        Assert.That(reopened.Users.Outbox(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Database_AfterSignUp_HoldsNoPlainPassword()
    {
        using var folder = new TempDirectory();
        await ConfirmedUserAsync(Open(folder, new ManualClock(Epoch)), "grace");

        var bytes = await File.ReadAllBytesAsync(Path.Combine(folder.Path, "users.db"));
        var wal = Path.Combine(folder.Path, "users.db-wal");
        var all = File.Exists(wal) ? [.. bytes, .. await File.ReadAllBytesAsync(wal)] : bytes;

        Assert.That(System.Text.Encoding.UTF8.GetString(all), Does.Not.Contain(Password));
    }

    [Test]
    public async Task Outbox_SeveralSignUps_NewestFirst()
    {
        using var folder = new TempDirectory();
        var clock = new ManualClock(Epoch);
        var backend = Open(folder, clock);
        foreach (var name in new[] { "ann", "ben", "cat" })
        {
            await backend.Users.SignUpAsync(new NewUser(name, Password, name, $"{name}@example.com"), default);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(backend.Users.Outbox().Select(m => m.Username), Is.EqualTo(new[] { "cat", "ben", "ann" }));
    }

    [Test]
    public async Task SignUpAsync_WeakPasswordStraightToThePool_StillRefused()
    {
        using var folder = new TempDirectory();
        var backend = Open(folder, new ManualClock(Epoch));

        var error = await Assert.ThrowsAsync<GalleryException>(() =>
            backend.Users.SignUpAsync(new NewUser("hal", "weak", "Hal", "hal@example.com"), default));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidPassword));
    }

    private static LocalBackend Open(TempDirectory folder, TimeProvider clock) =>
        LocalBackend.Open(folder.Path, () => NoHost, clock, TextWriter.Null);

    /// <summary>Signs a user up and confirms them with the code from the outbox.</summary>
    private static async Task ConfirmedUserAsync(LocalBackend backend, string username)
    {
        await backend.Users.SignUpAsync(new NewUser(username, Password, $"{username} Example", $"{username}@example.com"), default);
        await backend.Users.ConfirmSignUpAsync(username, backend.Users.Outbox().First(m => m.Username == username).Code, "127.0.0.1", default);
    }
}
