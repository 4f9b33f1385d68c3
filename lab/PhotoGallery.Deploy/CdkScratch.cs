namespace PhotoGallery.Deploy;

/// <summary>
/// A temp folder of the process's own for what the CDK's runtime unpacks. The jsii runtime behind the CDK's .NET
/// library writes its JavaScript and the CDK's packages (about 64 MB) into new folders under the temp path in every
/// process that uses the CDK, and never deletes them (aws/jsii#700); the CDK's Node side adds files of its own
/// (a deployed file's text, <c>s3-deployment*</c>). So every <c>cdk synth</c> or <c>cdk deploy</c> left 64 MB in
/// /tmp. Once <see cref="Use"/> is called, the process's temp path (<c>TMPDIR</c>, which .NET reads on every call
/// and the runtime's Node process inherits) is a folder of its own, deleted with everything in it when the process
/// ends.
/// </summary>
public static class CdkScratch
{
    private static readonly Lazy<string> Folder = new(Create);

    /// <summary>Call before the first CDK type is used in this process; later calls return the same folder.</summary>
    public static string Use() => Folder.Value;

    private static string Create()
    {
        var folder = Directory.CreateTempSubdirectory("photogallery-cdk-").FullName;
        Environment.SetEnvironmentVariable("TMPDIR", folder);
        // Node's jsii process may still be running then; its open files outlive the names on Linux.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(folder);
        return folder;
    }

    private static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete the CDK's temporary folder {folder}: {error.Message}");
        }
    }
}
