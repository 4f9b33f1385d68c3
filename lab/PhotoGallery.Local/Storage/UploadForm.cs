using System.Net.Http.Headers;
using System.Text.Json;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Local.Storage;

/// <summary>
/// What a client sends to a presigned upload (the API's <c>upload</c>): a POST of <c>multipart/form-data</c>
/// with every field, in order, then the bytes as the last part, named <c>file</c>, as a browser's
/// <c>FormData</c> or <c>curl -F</c> sends it. For the walks and the tests, which upload as clients do.
/// </summary>
public static class UploadForm
{
    /// <summary>From the API's JSON <c>upload</c>: <c>{method, url, fields, expiresAt}</c>.</summary>
    public static HttpRequestMessage Request(JsonElement upload, byte[] bytes, string fileName = "photo") =>
        Request(
            new HttpMethod(upload.GetProperty("method").GetString() ?? "POST"),
            new Uri(upload.GetProperty("url").GetString()!),
            upload.GetProperty("fields").EnumerateObject().Select(field => KeyValuePair.Create(field.Name, field.Value.GetString() ?? "")),
            bytes, fileName);

    public static HttpRequestMessage Request(PresignedUpload upload, byte[] bytes, string fileName = "photo") =>
        Request(new HttpMethod(upload.Method), upload.Url, upload.Fields, bytes, fileName);

    public static HttpRequestMessage Request(
        HttpMethod method, Uri url, IEnumerable<KeyValuePair<string, string>> fields, byte[] bytes, string fileName = "photo")
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, PresignedUpload.FileField, fileName);
        return new HttpRequestMessage(method, url) { Content = form };
    }
}
