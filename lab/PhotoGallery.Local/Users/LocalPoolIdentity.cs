using System.Security.Cryptography;
using System.Text.Json;

namespace PhotoGallery.Local.Users;

/// <summary>
/// The local user pool's id and app client id, made once and kept in the data folder. Tokens name the
/// pool in their issuer and the client in their audience, exactly as Cognito's do.
/// </summary>
public sealed record LocalPoolIdentity(string UserPoolId, string ClientId)
{
    /// <summary>Cognito's issuer is https://cognito-idp.&lt;region&gt;.amazonaws.com/&lt;pool id&gt;; ours points at no real host.</summary>
    public string Issuer => $"https://cognito-idp.localhost/{UserPoolId}";

    public static LocalPoolIdentity LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            return new LocalPoolIdentity(root.GetProperty("userPoolId").GetString()!, root.GetProperty("clientId").GetString()!);
        }
        var identity = new LocalPoolIdentity(
            "local_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 9),
            RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 26));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("userPoolId", identity.UserPoolId);
            json.WriteString("clientId", identity.ClientId);
            json.WriteEndObject();
        }
        LocalFiles.WritePrivate(path, buffer.ToArray());
        return identity;
    }
}
