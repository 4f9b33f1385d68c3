namespace PhotoGallery.Rehearsal;

/// <summary>How to rehearse. The command line fills it; tests build their own.</summary>
public sealed record RehearsalOptions
{
    /// <summary>The repository (the folder holding PhotoGallery.sln).</summary>
    public required string Repository { get; init; }

    /// <summary>A cloud assembly to rehearse as it is (a <c>cdk.out</c> folder), or <c>null</c> to synthesize one now.</summary>
    public string? AssemblyDirectory { get; init; }

    /// <summary>Which stack of the assembly, when it holds more than one.</summary>
    public string? StackName { get; init; }

    /// <summary>Where the zips, task roots and logs go; a fresh temporary folder when <c>null</c>.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The port of the rehearsed API (and, with <see cref="FrontendDirectory"/>, the web page); 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The web app to serve at <c>/</c> with a <c>config.js</c> pointing at the rehearsed API, or <c>null</c>.</summary>
    public string? FrontendDirectory { get; init; }

    /// <summary>Where progress goes while it builds and starts.</summary>
    public TextWriter Progress { get; init; } = TextWriter.Null;

    /// <summary>
    /// Where the running parts log: each request through the gateway, each function's log (START, END,
    /// REPORT and what it printed), each denied AWS call. The report sums them up either way.
    /// </summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Lambda's account and region as the rehearsal plays them (no real account is ever used).</summary>
    public string AccountId { get; init; } = "111122223333";
}
