using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Core.Users;
using PhotoGallery.Local.Events;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Local.Storage;

namespace PhotoGallery.Local;

/// <summary>
/// The running local gallery: one port serving the emulated API Gateway, the local storage URLs, the
/// local user pool's outbox and keys, and the frontend.
/// </summary>
public sealed class LocalHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly LocalBackend? _backend;

    private readonly LocalEvents? _events;

    private LocalHost(WebApplication app, LocalBackend? backend, LocalEvents? events, Uri baseUrl)
    {
        _app = app;
        _backend = backend;
        _events = events;
        BaseUrl = baseUrl;
    }

    /// <summary>The embedded backends (with <c>--backend local</c>, the default).</summary>
    public LocalBackend Backend => _backend ?? throw new InvalidOperationException("This host runs on the AWS adapters: it has no local backend.");

    /// <summary>The bucket's event notifications and the asynchronous invocations they make (with the embedded backends).</summary>
    public LocalEvents Events => _events ?? throw new InvalidOperationException("This host runs on the AWS adapters: S3 itself sends the storage events.");

    /// <summary>Where the host listens, e.g. <c>http://localhost:5080/</c>.</summary>
    public Uri BaseUrl { get; }

    public static async Task<LocalHost> StartAsync(LocalHostOptions options, CancellationToken cancellationToken = default)
    {
        Uri? baseUrl = null;
        var backend = options.Backend == BackendKind.Local
            ? LocalBackend.Open(options.DataDirectory,
                () => baseUrl ?? throw new InvalidOperationException("The local host has not started yet."),
                options.Clock, options.Console, options.Limits)
            : null;
        var functions = backend?.Functions() ?? AwsMode.Functions();
        options.ConfigureFunctions?.Invoke(functions);
        var missing = options.Routes.Where(r => !functions.ContainsKey(r.Name)).Select(r => r.Name).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"No function for route(s): {string.Join(", ", missing)}.");

        var events = backend is null ? null : LocalEvents.Start(backend, functions, options);
        var app = Build(options);
        var authorizer = backend?.Authorizer() ?? AwsMode.Authorizer(options.Clock, new HttpClient { Timeout = TimeSpan.FromSeconds(10) });
        var gateway = new ApiGatewayEmulator(options.Routes, functions, authorizer, options.Clock, options.Console);
        var storage = backend is null ? null : new StorageEndpoint(backend.Store, backend.Signer, options.Limits.MaxPhotoBytes);
        // The API compresses JSON as the stack's API Gateway does (MinimumCompressionSize), the page as CloudFront does.
        app.UseResponseCompression();
        app.Use((context, next) => DispatchAsync(context, next, backend, events, gateway, storage));
        if (options.FrontendDirectory is { } frontend)
        {
            var files = new PhysicalFileProvider(Path.GetFullPath(frontend));
            var page = LocalPagePolicy.For(options.Backend, frontend);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = file => page.Apply(file.Context.Response, isPage: file.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase)),
            });
        }
        app.Run(context => FallbackAsync(context, options.FrontendDirectory is null));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            if (events is not null) await events.DisposeAsync();
            throw;
        }
        baseUrl = ListeningUrl(app);
        events?.CatchUp(options.Console);
        return new LocalHost(app, backend, events, baseUrl);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        // After the requests: no new write can publish an object, and the events still waiting end cleanly.
        if (_events is not null) await _events.DisposeAsync();
    }

    private static WebApplication Build(LocalHostOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A busy port is reported in one line by Program; the host's own stack trace would only bury it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Each route enforces its own limit (API Gateway's 10 MB, the photo size for uploads).
            kestrel.Limits.MaxRequestBodySize = null;
            if (options.Host == "localhost" && options.Port != 0) kestrel.ListenLocalhost(options.Port);
            else kestrel.Listen(options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port);
        });
        builder.Services.AddResponseCompression(compression => compression.Providers.Add<GzipCompressionProvider>());
        return builder.Build();
    }

    private static Task DispatchAsync(
        HttpContext context, RequestDelegate next, LocalBackend? backend, LocalEvents? events, ApiGatewayEmulator gateway, StorageEndpoint? storage)
    {
        var path = context.Request.Path;
        if (storage is not null && path.StartsWithSegments(FileSystemPhotoStore.RoutePrefix.TrimEnd('/'), out var key))
            return storage.HandleAsync(context, key.Value?.TrimStart('/') ?? "");
        if (gateway.IsApiPath(path)) return gateway.HandleAsync(context);
        if (path.StartsWithSegments(LocalOnly.PathPrefix) && LocalOnly.Refusal(context.Request, context.Connection.LocalPort) is { } refusal)
            return ForbiddenAsync(context, refusal);
        if (!HttpMethods.IsGet(context.Request.Method)) return next(context);
        return path.Value switch
        {
            // The local user pool's mailbox and keys: with --backend aws there are none (Cognito sends real email).
            "/_local/outbox" when backend is not null => JsonAsync(context, JsonSerializer.Serialize(backend.Users.Outbox(), LocalJson.Default.IReadOnlyListOutboxMessage)),
            "/_local/.well-known/jwks.json" when backend is not null => JsonAsync(context, backend.SigningKey.Jwks()),
            // The storage events whose every attempt failed (Lambda would drop them, or send them to a dead-letter queue).
            "/_local/failures" when events is not null => JsonAsync(context, JsonSerializer.Serialize(events.Invocations.Failures(), LocalJson.Default.IReadOnlyListFailedEvent)),
            "/_local/info" when backend is not null => JsonAsync(context, JsonSerializer.Serialize(Info(backend), LocalJson.Default.LocalInfo)),
            "/openapi.json" => JsonAsync(context, OpenApiDocument.Json(RouteTable.All), anyOrigin: true),
            _ => next(context),
        };
    }

    /// <summary>A request <see cref="LocalOnly"/> turns away: 403 problem JSON saying why.</summary>
    private static Task ForbiddenAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var problem = new Core.Http.Problem("about:blank", "Forbidden", 403, "LocalOnly", detail);
        return WriteAsync(context, "application/problem+json", JsonSerializer.Serialize(problem, Core.Http.GalleryJson.Default.Problem));
    }

    private static LocalInfo Info(LocalBackend backend) => new("local", backend.Pool.UserPoolId, backend.Pool.ClientId,
        backend.Pool.Issuer, "/_local/outbox", "/_local/.well-known/jwks.json", PasswordPolicy.Default.Describe());

    /// <summary>Anything else: with no frontend, a short guide at <c>/</c>; otherwise what API Gateway says.</summary>
    private static Task FallbackAsync(HttpContext context, bool apiOnly)
    {
        if (apiOnly && context.Request.Path == "/" && HttpMethods.IsGet(context.Request.Method))
        {
            var routes = string.Join(",", RouteTable.All.Select(r => $"\"{r.Key}\""));
            return JsonAsync(context, $$"""{"name":"PhotoGallery local API","routes":[{{routes}}],"outbox":"/_local/outbox"}""", anyOrigin: true);
        }
        return GatewayResponses.MissingAuthenticationTokenAsync(context);
    }

    /// <summary>
    /// JSON of the host's own. Only public descriptions (<paramref name="anyOrigin"/>) may be read by other
    /// origins; the <c>/_local/</c> endpoints send no CORS header at all (<see cref="LocalOnly"/>).
    /// </summary>
    private static Task JsonAsync(HttpContext context, string json, bool anyOrigin = false)
    {
        if (anyOrigin) context.Response.Headers.AccessControlAllowOrigin = "*";
        return WriteAsync(context, "application/json; charset=utf-8", json);
    }

    private static async Task WriteAsync(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>The address Kestrel reports: <c>http://localhost:5080</c>, or the loopback IP and the port it picked.</summary>
    private static Uri ListeningUrl(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new UriBuilder(address) { Path = "/" }.Uri;
    }
}
