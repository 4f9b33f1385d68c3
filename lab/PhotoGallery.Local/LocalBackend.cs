using Microsoft.IdentityModel.Tokens;
using PhotoGallery.Core.Photos;
using PhotoGallery.Local.Catalog;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Local.Storage;
using PhotoGallery.Local.Users;
using PhotoGallery.Core.Functions;

using PhotoGallery.Functions;

namespace PhotoGallery.Local;

/// <summary>
/// The local composition root: the embedded backends over one data folder, and the eight functions
/// built on them through their port constructors. Everything persists in the folder:
/// <code>
/// catalog.db          photos and their search words (SQLite)
/// users.db            users and the confirmation outbox (SQLite)
/// bucket/photos/...   photo bytes, under the same keys as the S3 bucket
/// userpool.json       the local pool id and app client id
/// secrets/            the token signing key and the URL signing secret
/// </code>
/// The folder is private to the user running the host (<see cref="LocalFiles"/>): created 700, every file
/// in it 600, and a folder other users can write is refused.
/// </summary>
public sealed class LocalBackend
{
    private LocalBackend(string dataDirectory, Func<Uri> baseUrl, TimeProvider clock, TextWriter console, PhotoLimits limits)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        LocalFiles.OpenDataFolder(DataDirectory);
        Clock = clock;
        Limits = limits;
        Signer = new LocalUrlSigner(LocalFiles.LoadOrCreateSecret(Path.Combine(DataDirectory, "secrets", "url-signing.key")), clock);
        Store = new FileSystemPhotoStore(Path.Combine(DataDirectory, "bucket"), Signer, baseUrl);
        Index = SqlitePhotoIndex.Open(Path.Combine(DataDirectory, "catalog.db"), clock, console: console);
        SigningKey = LocalSigningKey.LoadOrCreate(Path.Combine(DataDirectory, "secrets", "token-signing-key.pem"));
        Pool = LocalPoolIdentity.LoadOrCreate(Path.Combine(DataDirectory, "userpool.json"));
        Tokens = new LocalTokenIssuer(SigningKey, Pool, clock);
        Users = new LocalUserPool(new SqliteDatabase(Path.Combine(DataDirectory, "users.db"), LocalUserPool.Schema), Tokens, clock, console);
    }

    public string DataDirectory { get; }
    public TimeProvider Clock { get; }
    public PhotoLimits Limits { get; }
    public LocalUrlSigner Signer { get; }
    public FileSystemPhotoStore Store { get; }
    public SqlitePhotoIndex Index { get; }
    public LocalSigningKey SigningKey { get; }
    public LocalPoolIdentity Pool { get; }
    public LocalTokenIssuer Tokens { get; }
    public LocalUserPool Users { get; }

    public static LocalBackend Open(
        string dataDirectory, Func<Uri> baseUrl, TimeProvider? clock = null, TextWriter? console = null, PhotoLimits? limits = null) =>
        new(dataDirectory, baseUrl, clock ?? TimeProvider.System, console ?? Console.Out, limits ?? PhotoLimits.Default);

    /// <summary>Every declared function, by name, built on these backends, each behind its Lambda stream entry point.</summary>
    public Dictionary<string, LambdaHandler> Functions() =>
        FunctionCatalog.Create(new FunctionPorts(() => Users, () => Store, () => Index, Limits, Clock));

    /// <summary>The authorizer for this pool: its issuer, its app client, its key.</summary>
    public CognitoAuthorizer Authorizer() => new(Pool.Issuer, Pool.ClientId,
        _ => Task.FromResult<IReadOnlyList<SecurityKey>>([SigningKey.SecurityKey]), Clock);
}
