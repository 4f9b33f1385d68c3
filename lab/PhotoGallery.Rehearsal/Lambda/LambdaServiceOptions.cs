namespace PhotoGallery.Rehearsal.Lambda;

public sealed record LambdaServiceOptions
{
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
