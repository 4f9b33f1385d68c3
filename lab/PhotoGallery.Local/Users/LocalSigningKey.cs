using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace PhotoGallery.Local.Users;

/// <summary>
/// The local user pool's RS256 key pair, kept as a PEM file in the data folder so tokens stay valid
/// across restarts. Its public half is published as a JWKS, as Cognito does.
/// </summary>
public sealed class LocalSigningKey
{
    private readonly RSA _rsa;

    private LocalSigningKey(RSA rsa)
    {
        _rsa = rsa;
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        KeyId = Base64UrlEncoder.Encode(SHA256.HashData([.. parameters.Modulus!, .. parameters.Exponent!]))[..16];
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = KeyId };
    }

    public string KeyId { get; }

    public RsaSecurityKey SecurityKey { get; }

    public static LocalSigningKey LoadOrCreate(string path)
    {
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa.KeySize = 2048;
            LocalFiles.WriteSecret(path, rsa.ExportPkcs8PrivateKeyPem());
        }
        return new LocalSigningKey(rsa);
    }

    /// <summary>The public key as a JSON Web Key Set.</summary>
    public string Jwks()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            json.WriteStartObject();
            json.WriteString("alg", "RS256");
            json.WriteString("e", Base64UrlEncoder.Encode(parameters.Exponent));
            json.WriteString("kid", KeyId);
            json.WriteString("kty", "RSA");
            json.WriteString("n", Base64UrlEncoder.Encode(parameters.Modulus));
            json.WriteString("use", "sig");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
