using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Core.Functions;
using PhotoGallery.Local.Events;

namespace PhotoGallery.Local;

/// <summary>How to run the local host. The command line fills it; tests build their own.</summary>
public sealed record LocalHostOptions
{
    public const int DefaultPort = 5080;
    public const string DefaultDataDirectory = ".gallery-data";

    /// <summary>The port; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary><c>localhost</c> listens on the loopback addresses (IPv4 and IPv6); an IP address listens on it alone.</summary>
    public string Host { get; init; } = "localhost";

    public required string DataDirectory { get; init; }

    /// <summary>The static web app to serve at <c>/</c>, or <c>null</c> for the API alone.</summary>
    public string? FrontendDirectory { get; init; }

    /// <summary>The adapters behind the functions: the embedded ones, or AWS's from environment variables.</summary>
    public BackendKind Backend { get; init; } = BackendKind.Local;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public TextWriter Console { get; init; } = System.Console.Out;

    public PhotoLimits Limits { get; init; } = PhotoLimits.Default;

    /// <summary>
    /// The API's methods: the route table, unless a test deploys a variant (a route on the wrong method,
    /// one without its authorizer) to see what the grader makes of it.
    /// </summary>
    public IReadOnlyList<Route> Routes { get; init; } = RouteTable.All;

    /// <summary>
    /// How storage events reach the functions they trigger (with the embedded backends): Lambda's two
    /// retries, after 1 s and 2 s locally (about 1 and 2 minutes on AWS).
    /// </summary>
    public AsyncInvocationOptions Events { get; init; } = new();

    /// <summary>A last say over which handler serves each route or event (tests swap functions to build broken deployments).</summary>
    public Action<Dictionary<string, LambdaHandler>>? ConfigureFunctions { get; init; }
}
