using System.Security.Cryptography;

namespace PhotoGallery.Local;

/// <summary>
/// The data folder holds password hashes, emails, pending codes and signing keys, so it is private to the
/// user running the host: folders are created 700 and files 600, with that mode passed to the system call
/// that creates them (a chmod afterwards would leave a moment in which another user could open them).
/// On Windows the folder inherits the user profile's access rules instead.
/// </summary>
public static class LocalFiles
{
    public const UnixFileMode PrivateFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private const UnixFileMode OthersAny = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Opens the data folder, creating it 700. A folder other users can write is refused
    /// (<see cref="UnsafeDataFolderException"/>): they could swap the databases or the keys. A folder that
    /// others can only read or enter (made by an earlier version, or by hand) is closed to them: with the
    /// folder 700, nothing inside it can be reached whatever the files' own modes.
    /// </summary>
    public static void OpenDataFolder(string path)
    {
        if (!Directory.Exists(path))
        {
            CreateFolder(path);
            return;
        }
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & OthersWrite) != 0)
            throw new UnsafeDataFolderException(
                $"The data folder {path} can be written by other users (mode {Octal(mode)}), who could replace its keys and databases. " +
                $"Make it private with: chmod 700 '{path}' (or pass --data with a new folder).");
        if ((mode & OthersAny) != 0) File.SetUnixFileMode(path, PrivateFolderMode);
    }

    /// <summary>A folder (and any missing parents) created 700.</summary>
    public static void CreateFolder(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        // Directory.CreateDirectory gives the mode to the last folder only: missing parents get the umask's.
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } parent) CreateFolder(parent);
        Directory.CreateDirectory(path, PrivateFolderMode);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for writing with <paramref name="mode"/>; a file it creates is 600 from
    /// its first byte.
    /// </summary>
    public static FileStream OpenPrivate(string path, FileMode mode, FileAccess access = FileAccess.Write, bool useAsync = false)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = access,
            Share = FileShare.None,
            BufferSize = useAsync ? 81920 : 4096,
            Options = useAsync ? FileOptions.Asynchronous : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFileMode;
        return new FileStream(path, options);
    }

    /// <summary>
    /// Makes an empty file 600 unless something is already there: SQLite keeps an existing file's mode, and
    /// gives its -wal, -shm and -journal files the database file's mode, so it must not be the one to create it.
    /// </summary>
    public static void EnsurePrivateFile(string path)
    {
        try
        {
            using var _ = OpenPrivate(path, FileMode.CreateNew);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Already there (made by an earlier start): the 700 folder keeps it private.
        }
    }

    /// <summary>
    /// Writes a new file that only this user can read: created 600 under a temporary name, then renamed into
    /// place, so a reader never sees half of it and no other user ever could.
    /// </summary>
    public static void WriteSecret(string path, string text) => WritePrivate(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <inheritdoc cref="WriteSecret"/>
    public static void WritePrivate(string path, ReadOnlySpan<byte> bytes)
    {
        CreateFolder(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var file = OpenPrivate(temporary, FileMode.CreateNew)) file.Write(bytes);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>The 32-byte secret stored at <paramref name="path"/>, created on first use.</summary>
    public static byte[] LoadOrCreateSecret(string path)
    {
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
        var secret = RandomNumberGenerator.GetBytes(32);
        WriteSecret(path, Convert.ToBase64String(secret));
        return secret;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(3, '0');
}

/// <summary>The data folder is not safe to keep secrets in; the message says how to fix it.</summary>
public sealed class UnsafeDataFolderException(string message) : Exception(message);
