namespace PhotoGallery.Adapters.Tests.Support;

/// <summary>A fresh folder for one test's data, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("photogallery-adapters-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the temp folder cleaner takes it.
        }
    }
}
