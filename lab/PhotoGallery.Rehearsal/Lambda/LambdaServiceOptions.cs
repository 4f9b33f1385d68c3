using PhotoGallery.Local.Events;

namespace PhotoGallery.Rehearsal.Lambda;

public sealed record LambdaServiceOptions
{
    /// <summary>
    /// Asynchronous invocations (S3's events): Lambda's two retries, after 1 s and 2 s here (about 1 and 2
    /// minutes on AWS), so a rehearsal that needs a retry still takes seconds.
    /// </summary>
    public AsyncInvocationOptions Events { get; init; } = new();

    /// <summary>Every function's log lines, each prefixed with <c>[function name]</c>.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Instances per function; an invocation beyond them waits until one is free.</summary>
    public int MaxInstancesPerFunction { get; init; } = 2;

    /// <summary>The dotnet host. Default: the one running the rehearsal (see <see cref="DotnetHost"/>).</summary>
    public string? DotnetPath { get; init; }

    /// <summary>
    /// Where to copy the runtime client from into each launch's runtime directory that lacks it. Default:
    /// PhotoGallery.LambdaRuntime.dll beside the rehearsal's assemblies.
    /// </summary>
    public string? RuntimeClientPath { get; init; }
}
