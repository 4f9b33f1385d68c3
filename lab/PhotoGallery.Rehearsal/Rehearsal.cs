using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using PhotoGallery.Core.Photos;
using PhotoGallery.Emulators;
using PhotoGallery.Rehearsal.Assembly;
using PhotoGallery.Rehearsal.Aws;
using PhotoGallery.Rehearsal.Gateway;
using PhotoGallery.Rehearsal.Lambda;
using PhotoGallery.Rehearsal.Stack;
using PhotoGallery.Rehearsal.Walk;

namespace PhotoGallery.Rehearsal;

/// <summary>
/// The deployment, played on this machine: the cloud assembly <c>cdk deploy</c> would upload, its
/// resources on the AWS emulators, each function a process started as Lambda starts it, every AWS call
/// judged by the calling function's IAM policy, and the API Gateway the template declares in front.
/// </summary>
public sealed class Rehearsal : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _parts = [];
    private readonly List<IDisposable> _disposables = [];
    private readonly string _workDirectory;
    private readonly bool _ownsWorkDirectory;
    private WebApplication? _app;

    private Rehearsal(string workDirectory, bool ownsWorkDirectory)
    {
        _workDirectory = workDirectory;
        _ownsWorkDirectory = ownsWorkDirectory;
    }

    /// <summary>The API's base URL, stage included (what the stack's <c>ApiUrl</c> output would be).</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Where the page is served, when a frontend folder was given.</summary>
    public Uri SiteUrl { get; private set; } = null!;

    public StackModel Stack { get; private set; } = null!;
    public IReadOnlyList<LambdaPackage> Packages { get; private set; } = [];
    public AwsStandIn Aws { get; private set; } = null!;
    public LambdaService Lambda { get; private set; } = null!;

    /// <summary>S3's notifications of the functions stored objects trigger, played on the stand-in's writes.</summary>
    public BucketNotifications Notifications { get; private set; } = null!;

    public static async Task<Rehearsal> StartAsync(RehearsalOptions options, CancellationToken cancellationToken)
    {
        var work = options.WorkDirectory ?? Directory.CreateTempSubdirectory("photogallery-rehearsal-").FullName;
        var rehearsal = new Rehearsal(work, options.WorkDirectory is null);
        try
        {
            await rehearsal.BuildAsync(options, cancellationToken);
            return rehearsal;
        }
        catch
        {
            await rehearsal.DisposeAsync();
            throw;
        }
    }

    /// <summary>Walks the whole API and gathers what every part saw.</summary>
    public async Task<RehearsalReport> WalkAsync(CancellationToken cancellationToken)
    {
        using var api = new HttpClient { BaseAddress = new Uri(ApiUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
        using var storage = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var walk = new ApiWalk(api, storage, new WalkOptions(EmulatorSet.ConfirmationCode, PhotoLimits.DefaultMaxInlineBytes + PhotoLimits.MiB));
        var steps = await walk.RunAsync(cancellationToken);
        // The events the walk's writes started, retries included, end before the report counts them.
        try
        {
            await Lambda.WhenEventsDoneAsync(cancellationToken).WaitAsync(EventsGrace, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Still retrying: the report shows what happened so far.
        }
        return Report(steps);
    }

    /// <summary>How long the report waits for asynchronous events still running or due for a retry.</summary>
    private static readonly TimeSpan EventsGrace = TimeSpan.FromSeconds(30);

    public RehearsalReport Report(IReadOnlyList<WalkStep> steps) =>
        new(Stack, Packages, Lambda.Activity(), Aws.Calls, steps) { Deliveries = Notifications.Deliveries };

    private async Task BuildAsync(RehearsalOptions options, CancellationToken cancellationToken)
    {
        var progress = options.Progress;
        var assembly = await CloudAssemblyAsync(options, cancellationToken);

        progress.WriteLine($"[2/6] Starting the AWS emulators (s3rver, dynalite, cognito-local)…");
        var emulators = await EmulatorSet.StartAsync(line => progress.WriteLine("  " + line), cancellationToken);
        _parts.Add(emulators);

        progress.WriteLine($"[3/6] Creating the stack's resources from the template ({assembly.StackName})…");
        Stack = await StackProvisioner.ProvisionAsync(assembly.Template, assembly.StackName, emulators, EmulatorSet.Region, options.AccountId, Indented(progress), cancellationToken);

        progress.WriteLine("[4/6] Packaging each function as cdk deploy uploads it…");
        Packages = BuildPackages(assembly, Stack, progress);

        progress.WriteLine("[5/6] Starting the AWS stand-in (every call checked against the calling function's IAM policy)…");
        var credentials = Stack.Functions.ToDictionary(f => f.FunctionName, _ => NewCredentials());
        Aws = await AwsStandIn.StartAsync(emulators,
            [.. Stack.Functions.Select(f => Principal(f, credentials[f.FunctionName]))],
            EmulatorSet.Region, options.AccountId, Indented(options.Log), cancellationToken);
        _parts.Add(Aws);

        progress.WriteLine("[6/6] Starting the Lambda service, S3's notifications of it, and the API Gateway the template declares…");
        var runtimeDirectory = RuntimeDirectory();
        Lambda = new LambdaService(
            Stack.Functions.Select(f => new FunctionLaunch(f, Packages.Single(p => p.FunctionName == f.FunctionName).TaskRoot,
                runtimeDirectory, Aws.Endpoint, credentials[f.FunctionName], EmulatorSet.Region)),
            new LambdaServiceOptions { Log = Indented(options.Log) });
        _parts.Add(Lambda);
        Notifications = new BucketNotifications(Stack.Notifications, Stack.InvokeGrants, Stack.AccountId, Lambda.InvokeEvent, Indented(options.Log));
        Aws.ObjectCreated += Notifications.Published;
        // Disposed first: no event reaches a Lambda service that is stopping.
        _parts.Add(new Unsubscribe(() => Aws.ObjectCreated -= Notifications.Published));
        await StartGatewayAsync(options, cancellationToken);
    }

    private async Task<CloudAssembly> CloudAssemblyAsync(RehearsalOptions options, CancellationToken cancellationToken)
    {
        if (options.AssemblyDirectory is { } given)
        {
            options.Progress.WriteLine($"[1/6] Reading the cloud assembly in {given}…");
            return CloudAssembly.Read(given, options.StackName);
        }
        var output = Path.Combine(_workDirectory, "cdk.out");
        options.Progress.WriteLine("[1/6] Synthesizing the stack with the CDK CLI, as cdk deploy does…");
        await CdkSynthesizer.SynthesizeAsync(options.Repository, output, options.Progress, cancellationToken);
        return CloudAssembly.Read(output, options.StackName);
    }

    private List<LambdaPackage> BuildPackages(CloudAssembly assembly, StackModel stack, TextWriter progress)
    {
        var assets = assembly.FunctionAssets();
        var packages = new List<LambdaPackage>();
        foreach (var function in stack.Functions)
        {
            if (!assets.TryGetValue(function.LogicalId, out var folder))
                throw new RehearsalException($"The template's function {function.LogicalId} has no code folder in the cloud assembly.");
            var package = LambdaPackage.Build(function.FunctionName, function.Handler, function.Environment, folder, _workDirectory);
            progress.WriteLine($"  {function.FunctionName}: {LambdaPackage.Megabytes(package.ZipBytes)} zipped, {LambdaPackage.Megabytes(package.UnzippedBytes)} in {package.Files} files" +
                (package.Problems.Count == 0 ? "" : $" — {string.Join("; ", package.Problems)}"));
            packages.Add(package);
        }
        return packages;
    }

    private async Task StartGatewayAsync(RehearsalOptions options, CancellationToken cancellationToken)
    {
        var api = Stack.Api ?? throw new RehearsalException("The template has no AWS::ApiGateway::RestApi: there is no API to rehearse.");
        // The authorizer fetches the pool's keys with it, for as long as the gateway serves.
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _disposables.Add(http);
        var gateway = new TemplateGateway(api, Stack.UserPools, Lambda.InvokeAsync, TimeProvider.System,
            Indented(options.Log), http, Stack.Region, Stack.AccountId);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        _app = builder.Build();
        var stagePrefix = "/" + api.StageName;
        _app.Use((context, next) => context.Request.Path.StartsWithSegments(stagePrefix) || options.FrontendDirectory is null
            ? gateway.HandleAsync(context)
            : next(context));
        if (options.FrontendDirectory is { } frontend) ServeFrontend(_app, frontend, stagePrefix);
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        SiteUrl = new UriBuilder(address) { Path = "/" }.Uri;
        ApiUrl = new Uri(SiteUrl, api.StageName);
    }

    /// <summary>The page as the stack deploys it: the frontend's files, and a config.js naming the API.</summary>
    private void ServeFrontend(WebApplication app, string frontend, string stagePrefix)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path != "/config.js") return next(context);
            context.Response.ContentType = "text/javascript";
            return context.Response.WriteAsync($"export default {{ apiBaseUrl: \"{new Uri(SiteUrl, stagePrefix)}\" }};\n");
        });
        var files = new PhysicalFileProvider(Path.GetFullPath(frontend));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    /// <summary>The runtime client, where Lambda keeps its own (<c>/var/runtime</c>): apart from every task root.</summary>
    private string RuntimeDirectory()
    {
        var directory = Path.Combine(_workDirectory, "runtime");
        Directory.CreateDirectory(directory);
        const string Client = "PhotoGallery.LambdaRuntime.dll";
        File.Copy(Path.Combine(AppContext.BaseDirectory, Client), Path.Combine(directory, Client), overwrite: true);
        return directory;
    }

    private static AwsPrincipal Principal(LambdaFunction function, SessionCredentials credentials) =>
        new(function.FunctionName, function.RoleArn, credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken,
            [.. function.Policies.Select(p => p.Document)]);

    /// <summary>Credentials shaped like the temporary ones Lambda gives a role (ASIA… keys with a session token).</summary>
    private static SessionCredentials NewCredentials() => new(
        "ASIA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)));

    private static TextWriter Indented(TextWriter writer) => new IndentedWriter(writer, "  ");

    private sealed class Unsubscribe(Action unsubscribe) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            unsubscribe();
            return ValueTask.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        for (var i = _parts.Count - 1; i >= 0; i--) await _parts[i].DisposeAsync();
        foreach (var disposable in _disposables) disposable.Dispose();
        if (_ownsWorkDirectory)
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a process on its way out; the temp cleaner takes it.
            }
        }
    }
}
