using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Aws.Users;
using PhotoGallery.Core.Errors;
using static PhotoGallery.Emulators.LoopbackPorts;

namespace PhotoGallery.Emulators;

/// <summary>
/// The three emulators, each a Node process on a free port of 127.0.0.1: s3rver (S3), dynalite (DynamoDB)
/// and cognito-local (Cognito). Disposing stops them and removes their data.
/// </summary>
public sealed class EmulatorSet : IDynamoDbEmulator
{
    public const string Region = "us-east-1";

    /// <summary>s3rver accepts only its own key pair; dynalite and cognito-local accept any.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    /// <summary>cognito-local sends this code to every new user (its CODE variable), so tests and people know it.</summary>
    public const string ConfirmationCode = "123456";

    /// <summary>
    /// Where cognito-local's tokens say they come from: Cognito's own form, not the emulator's address, so
    /// whatever checks them must read the issuer from the pool (its discovery document), as it must on AWS.
    /// </summary>
    public const string IssuerDomain = $"https://cognito-idp.{Region}.amazonaws.com";

    /// <summary>The <c>iss</c> of a token from this pool.</summary>
    public static string Issuer(string userPoolId) => $"{IssuerDomain}/{userPoolId}";

    /// <summary>The half of dynalite's young generation, in MiB (see where dynalite starts).</summary>
    public const int DynaliteSemiSpaceMiB = 64;

    private readonly List<ChildProcess> _servers;
    private readonly string _dataFolder;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private EmulatorSet(List<ChildProcess> servers, string dataFolder, Uri s3, Uri dynamoDb, Uri cognito)
    {
        _servers = servers;
        _dataFolder = dataFolder;
        S3Url = s3;
        DynamoDbUrl = dynamoDb;
        CognitoUrl = cognito;
    }

    public Uri S3Url { get; }
    public Uri DynamoDbUrl { get; }
    public Uri CognitoUrl { get; }

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials(AccessKey, SecretKey);

    public IEnumerable<int> ProcessIds => _servers.Select(server => server.Id);

    public static async Task<EmulatorSet> StartAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var folder = EmulatorFolder.Find();
        await Installer.EnsureInstalledAsync(folder, log, cancellationToken);
        var data = Directory.CreateTempSubdirectory("photogallery-emulators-").FullName;
        var cognitoHome = Path.Combine(data, "cognito");
        Directory.CreateDirectory(Path.Combine(cognitoHome, ".cognito"));
        // Usernames need not be emails (the gallery's usernames are plain names); tokens carry the real issuer
        // form (cognito-fixes.js makes the discovery document agree).
        await File.WriteAllTextAsync(Path.Combine(cognitoHome, ".cognito", "config.json"),
            $$$"""{"UserPoolDefaults":{"UsernameAttributes":[]},"TokenConfig":{"IssuerDomain":"{{{IssuerDomain}}}"}}""", cancellationToken);

        int s3Port = FreePort(), dynamoPort = FreePort(), cognitoPort = FreePort();
        var servers = new List<ChildProcess>();
        var set = new EmulatorSet(servers, data, Url(s3Port), Url(dynamoPort), Url(cognitoPort));
        try
        {
            servers.Add(Node("s3rver", folder, folder, ["--require", Path.Combine(folder, "s3rver-fixes.js"),
                "node_modules/s3rver/bin/s3rver.js", "--directory", Path.Combine(data, "s3"),
                "--address", "127.0.0.1", "--port", Port(s3Port), "--silent"]));
            // dynalite keeps every item in the JavaScript heap; the benchmark's 100k photos need more than Node's default.
            // A young generation of 64 MiB a half (Node's default is 16) collects the short-lived objects of each request
            // less often. With the benchmark's 5.8 million items in the heap, the default gave a p95 of 9–10 ms for
            // 1,000-photo searches in some runs and about 5 in others; with 64, 4.1–5.8 ms in all six runs so far
            // (docs/performance.md, "A steadier emulator").
            servers.Add(Node("dynalite", folder, folder, ["--max-old-space-size=12288", $"--max-semi-space-size={DynaliteSemiSpaceMiB}", "node_modules/dynalite/cli.js", "--host", "127.0.0.1", "--port", Port(dynamoPort),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"]));
            servers.Add(Node("cognito-local", folder, cognitoHome, ["--require", Path.Combine(folder, "cognito-fixes.js"),
                Path.Combine(folder, "node_modules/cognito-local/lib/bin/start.js")],
                new Dictionary<string, string> { ["HOST"] = "127.0.0.1", ["PORT"] = Port(cognitoPort), ["CODE"] = ConfirmationCode }));
            await Task.WhenAll(
                WaitForPortAsync(servers[0], s3Port, cancellationToken),
                WaitForPortAsync(servers[1], dynamoPort, cancellationToken),
                WaitForPortAsync(servers[2], cognitoPort, cancellationToken));
            log($"[emulators] s3rver {set.S3Url}, dynalite {set.DynamoDbUrl}, cognito-local {set.CognitoUrl} (pids {string.Join(", ", set.ProcessIds)})");
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    public S3Settings S3Settings(string bucket) => new()
    {
        Bucket = bucket, Region = Region, ServiceUrl = S3Url, UseChunkEncoding = false, Credentials = Credentials,
    };

    public DynamoDbSettings DynamoDbSettings(string table) => new()
    {
        Table = table, Region = Region, ServiceUrl = DynamoDbUrl, Credentials = Credentials,
    };

    public CognitoSettings CognitoSettings(UserPoolApp app) => new()
    {
        UserPoolId = app.UserPoolId, ClientId = app.ClientId, ClientSecret = app.ClientSecret, Region = Region, ServiceUrl = CognitoUrl,
    };

    public async Task CreateBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        using var s3 = S3PhotoStore.CreateClient(S3Settings(bucket));
        await s3.PutBucketAsync(bucket, cancellationToken);
    }

    /// <inheritdoc cref="EmulatedTables.CreateAsync"/>
    public Task<bool> CreateTableAsync(string table, CancellationToken cancellationToken) =>
        EmulatedTables.CreateAsync(DynamoDbSettings(table), cancellationToken);

    public Task<UserPoolApp> CreateUserPoolAsync(string name, bool withSecret, CancellationToken cancellationToken) =>
        new CognitoAdmin(_http, CognitoUrl).CreateAsync(name, withSecret, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a server that is going away; the temp folder cleaner takes it.
        }
    }

    private static ChildProcess Node(string name, string emulators, string workingDirectory, string[] arguments,
        Dictionary<string, string>? environment = null) =>
        ChildProcess.Start(name, "node", ["--require", Path.Combine(emulators, "exit-with-parent.js"), .. arguments], workingDirectory, environment);
}
