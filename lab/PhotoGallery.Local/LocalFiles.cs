using System.Security.Cryptography;

namespace PhotoGallery.Local;

/// <summary>Small files in the data folder that only this user should read (keys, secrets).</summary>
public static class LocalFiles
{
    public static void WriteSecret(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>The 32-byte secret stored at <paramref name="path"/>, created on first use.</summary>
    public static byte[] LoadOrCreateSecret(string path)
    {
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
        var secret = RandomNumberGenerator.GetBytes(32);
        WriteSecret(path, Convert.ToBase64String(secret));
        return secret;
    }
}
