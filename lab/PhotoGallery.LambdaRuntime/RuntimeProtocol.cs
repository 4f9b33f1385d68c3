namespace PhotoGallery.LambdaRuntime;

/// <summary>What the rehearsal's host and this runtime client agree on beyond the Runtime API.</summary>
public static class RuntimeProtocol
{
    /// <summary>
    /// Starts a line the client writes to stdout and stderr before it posts an answer. Lambda reads a
    /// runtime's log through its own pipe and orders it; the host reads two pipes, and waits for this mark
    /// on both before it writes END. The host drops the line from the log.
    /// </summary>
    public const string OutputMark = "\u001frehearsal-output-done ";
}
