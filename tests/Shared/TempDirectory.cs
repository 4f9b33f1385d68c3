namespace PhotoGallery.Testing;

/// <summary>A fresh folder for one test's (or one fixture's) data, removed when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("photogallery-tests-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing server or connection; the OS temp cleaner takes it.
        }
    }
}
