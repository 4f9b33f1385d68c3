using System.Net.Http.Json;
using System.Runtime.Versioning;
using NUnit.Framework;
using PhotoGallery.Local;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

/// <summary>
/// The data folder on the real filesystem: it holds password hashes, pending codes and signing keys, so it
/// and everything in it belong to the user running the host alone.
/// </summary>
[Platform(Exclude = "Win")]
[UnsupportedOSPlatform("windows")]
public sealed class DataFolderTests
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public async Task NewDataFolder_AfterSignUpAndUpload_Folders700AndEveryFile600()
    {
        using var parent = new TempDirectory();
        var data = Path.Combine(parent.Path, "gallery-data");
        await using (var host = await RunningHost.StartAsync(data))
        {
            var token = await host.Users.IdTokenOfNewUserAsync("alice");
            var photo = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/photos")
            {
                Headers = { { "Authorization", token } },
                Content = JsonContent.Create(new { title = "Sea", fileName = "s.png", contentType = "image/png", size = TestImages.Png().Length, image = Convert.ToBase64String(TestImages.Png()) }),
            });
            Assert.That((int)photo.StatusCode, Is.EqualTo(201), await photo.Content.ReadAsStringAsync());

            // While the host runs: SQLite's -wal and -shm files exist beside the databases.
            AssertPrivate(data);
            Assert.That(File.Exists(Path.Combine(data, "users.db-wal")), Is.True, "the WAL file was there to check");
            Assert.That(File.Exists(Path.Combine(data, "catalog.db-shm")), Is.True, "the shared-memory file was there to check");
            Assert.That(Directory.GetFiles(Path.Combine(data, "bucket"), "*", SearchOption.AllDirectories), Is.Not.Empty, "a stored photo was there to check");
        }
        AssertPrivate(data);
    }

    private static void AssertPrivate(string data)
    {
        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(data), Is.EqualTo(Folder), data);
            foreach (var folder in Directory.GetDirectories(data, "*", SearchOption.AllDirectories))
                Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(Folder), folder);
            var files = Directory.GetFiles(data, "*", SearchOption.AllDirectories);
            Assert.That(files.Select(Path.GetFileName), Is.SupersetOf(new[] { "users.db", "catalog.db", "userpool.json", "token-signing-key.pem", "url-signing.key" }));
            foreach (var file in files) Assert.That(File.GetUnixFileMode(file), Is.EqualTo(File600), file);
        });
    }

    [TestCase(UnixFileMode.OtherWrite, "777")]
    [TestCase(UnixFileMode.GroupWrite, "775")]
    public void Open_FolderOthersCanWrite_RefusedSayingHowToFixIt(UnixFileMode extra, string expectedMode)
    {
        using var folder = new TempDirectory();
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(folder.Path, open | extra | (extra == UnixFileMode.OtherWrite ? UnixFileMode.GroupWrite : 0));

        var refusal = Assert.Throws<UnsafeDataFolderException>(() => LocalBackend.Open(folder.Path, () => new Uri("http://127.0.0.1:1/")))!;

        Assert.That(refusal.Message, Does.Contain($"mode {expectedMode}"));
        Assert.That(refusal.Message, Does.Contain($"chmod 700 '{folder.Path}'"));
        Assert.That(Directory.GetFileSystemEntries(folder.Path), Is.Empty, "nothing written into it");
    }

    [Test]
    public void Open_FolderOthersCanOnlyRead_ClosedTo700()
    {
        using var folder = new TempDirectory();
        File.SetUnixFileMode(folder.Path, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        LocalBackend.Open(folder.Path, () => new Uri("http://127.0.0.1:1/"));

        Assert.That(File.GetUnixFileMode(folder.Path), Is.EqualTo(Folder));
    }

    [Test]
    public void EnsurePrivateFile_ExistingDatabase_LeftAsItIs()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "catalog.db");
        File.WriteAllText(path, "");
        var before = File.GetUnixFileMode(path);

        LocalFiles.EnsurePrivateFile(path);

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(before));
    }

    [Test]
    public async Task Program_DataFolderOthersCanWrite_ExitsWithTheFix()
    {
        using var folder = new TempDirectory();
        var data = Path.Combine(folder.Path, "shared");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, (UnixFileMode)0b111_111_111);
        var program = Path.Combine(AppContext.BaseDirectory, "PhotoGallery.Local.dll");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", $"\"{program}\" --port 0 --data \"{data}\"")
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain($"chmod 700 '{data}'"));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
    }
}
