namespace PhotoGallery.Deploy;

/// <summary>
/// A temp folder of the process's own for what the CDK's runtime unpacks. The jsii runtime behind the CDK's .NET
/// library writes its JavaScript and the CDK's packages (about 64 MB) into new folders under the temp path in every
/// process that uses the CDK, and never deletes them (aws/jsii#700); the CDK's Node side adds files of its own
/// (a deployed file's text, <c>s3-deployment*</c>). So every <c>cdk synth</c> or <c>cdk deploy</c> left 64 MB in
/// /tmp. <see cref="Run{T}"/> synthesizes with the temp path (<c>TMPDIR</c>; <c>TMP</c> and <c>TEMP</c> on Windows)
/// in a folder of its own, then puts the path back: jsii unpacks on first use, and its Node process keeps the path
/// it started with. So the process's first use of a CDK type must be inside <see cref="Run{T}"/> (a CDK value
/// touched before it, a static field say, would start jsii on the usual path and leak again).
/// <see cref="Delete"/> removes the folder; a process-exit handler does too, as a fallback.
/// </summary>
public static class CdkScratch
{
    private static readonly string[] TempVariables = ["TMPDIR", "TMP", "TEMP"];
    private static readonly Lazy<string> Folder = new(Create);

    /// <summary>Runs <paramref name="synthesize"/> (given the folder) with the process's temp path in the folder.</summary>
    public static T Run<T>(Func<string, T> synthesize)
    {
        var folder = Folder.Value;
        var previous = TempVariables.Select(Environment.GetEnvironmentVariable).ToArray();
        foreach (var name in TempVariables) Environment.SetEnvironmentVariable(name, folder);
        try
        {
            return synthesize(folder);
        }
        finally
        {
            for (var i = 0; i < TempVariables.Length; i++) Environment.SetEnvironmentVariable(TempVariables[i], previous[i]);
        }
    }

    /// <summary>
    /// Deletes the folder now, if it was made (the end of a synthesis, a test run's teardown): the process-exit handler
    /// does not run when the process is killed or dies of an unhandled exception.
    /// </summary>
    public static void Delete()
    {
        if (Folder.IsValueCreated) Delete(Folder.Value);
    }

    private static string Create()
    {
        var folder = Directory.CreateTempSubdirectory("photogallery-cdk-").FullName;
        // Node's jsii process may still be running then; its open files outlive the names on Linux.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(folder);
        return folder;
    }

    private static void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete the CDK's temporary folder {folder}: {error.Message}");
        }
    }
}
