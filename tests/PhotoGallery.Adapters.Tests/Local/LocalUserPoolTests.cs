using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Adapters.Tests.Support;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local;

namespace PhotoGallery.Adapters.Tests.Local;

/// <summary>The user pool contract on the local pool; codes are read from its outbox.</summary>
[TestFixture]
public sealed class LocalUserPoolTests : UserPoolContract
{
    private readonly TempDirectory _folder = new();
    private LocalBackend _backend = null!;

    protected override IUserPool Pool => _backend.Users;

    [OneTimeSetUp]
    public void OpenBackend() =>
        _backend = LocalBackend.Open(_folder.Path, () => new Uri("http://127.0.0.1:9/"), console: TextWriter.Null);

    [OneTimeTearDown]
    public void DeleteFolder() => _folder.Dispose();

    protected override Task<string> CodeSentToAsync(string username) =>
        Task.FromResult(_backend.Users.Outbox().First(message => message.Username == username).Code);
}
