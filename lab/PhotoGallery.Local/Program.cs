using System.CommandLine;
using PhotoGallery.Local;

// dotnet run --project lab/PhotoGallery.Local [-- --port 5080 --data .gallery-data --frontend frontend]
var port = new Option<int>("--port") { Description = "Port to listen on (localhost only).", DefaultValueFactory = _ => LocalHostOptions.DefaultPort };
var data = new Option<string>("--data")
{
    Description = "Folder for photos, the catalog, users and keys; created if missing, kept across restarts.",
    DefaultValueFactory = _ => LocalHostOptions.DefaultDataDirectory,
};
var frontend = new Option<string?>("--frontend") { Description = "Folder of the web app to serve at / (default: frontend/ when present)." };
var backend = new Option<BackendKind>("--backend")
{
    Description = "local: embedded backends in the data folder (no AWS account). aws: the AWS adapters, configured by PHOTOS_BUCKET, PHOTOS_TABLE, USER_POOL_ID, USER_POOL_CLIENT_ID, AWS_REGION (and AWS_ENDPOINT_URL* for emulators).",
    DefaultValueFactory = _ => BackendKind.Local,
};

var command = new RootCommand("PhotoGallery on your machine: the seven API functions behind a local API Gateway and processphoto on storage events, with embedded backends.")
{
    port, data, frontend, backend,
};
command.SetAction(async (parse, cancellationToken) =>
{
    var options = new LocalHostOptions
    {
        Port = parse.GetValue(port),
        DataDirectory = Path.GetFullPath(parse.GetValue(data)!),
        FrontendDirectory = FrontendFolder(parse.GetValue(frontend)),
        Backend = parse.GetValue(backend),
    };
    if (options.FrontendDirectory is null && parse.GetValue(frontend) is { } asked)
    {
        Console.Error.WriteLine($"The frontend folder '{asked}' does not exist.");
        return 2;
    }
    try
    {
        await using var host = await LocalHost.StartAsync(options, cancellationToken);
        PrintBanner(host, options);
        await host.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
    catch (UnsafeDataFolderException e)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }
    catch (InvalidOperationException e) when (e.Message.StartsWith("Missing configuration", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"{e.Message} --backend aws reads the AWS configuration from environment variables; lab/emulators/start prints a set for local emulators.");
        return 1;
    }
    catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || e.InnerException is System.Net.Sockets.SocketException)
    {
        Console.Error.WriteLine($"Port {options.Port} is already in use. Stop the other program or pass --port with another number.");
        return 1;
    }
});
return await command.Parse(args).InvokeAsync();

static string? FrontendFolder(string? asked)
{
    var folder = asked ?? "frontend";
    return Directory.Exists(folder) ? Path.GetFullPath(folder) : null;
}

static void PrintBanner(LocalHost host, LocalHostOptions options)
{
    var url = host.BaseUrl.ToString().TrimEnd('/');
    var local = options.Backend == BackendKind.Local;
    Console.WriteLine($"""
        PhotoGallery is running locally ({(local ? "embedded backends, no AWS account needed" : "on the AWS adapters")}).
          Open:     {url}/{(options.FrontendDirectory is null ? "   (API only: no frontend folder found)" : "")}
          API:      {url}  (POST /signup, POST /confirmemail, POST /login, POST|GET /photos, GET /photos/{"{photoId}"}, GET /search)
          Outbox:   {(local ? $"{url}/_local/outbox   (confirmation codes; they also print below)" : "none: Cognito emails the codes (cognito-local: always 123456)")}
        {(local ? StorageEvents(host, options, url) : "  Events:   none here: S3 itself notifies the functions a stored photo triggers (a deployed stack's, not this host's)")}
          Data:     {(local ? options.DataDirectory : AwsMode.Describe())}
        Press Ctrl+C to stop.
        """);
}

// Which stored objects start which functions, as S3 → Lambda would, and where failed events end up.
static string StorageEvents(LocalHost host, LocalHostOptions options, string url)
{
    var retries = string.Join(" and ", options.Events.RetryDelays.Select(d => $"{d.TotalSeconds:0.##} s"));
    var lines = host.Events.Notifications.Triggers.Select(t =>
        $"  Events:   S3 ObjectCreated on {t.Trigger.Prefix}…{{{string.Join(",", t.Trigger.Suffixes)}}} → {t.Function.Name}, asynchronously, retried after {retries} (AWS: 1 and 2 min)");
    return string.Join('\n', lines.Append($"  Failures: {url}/_local/failures   (events every attempt failed; each failed attempt also prints below)"));
}
