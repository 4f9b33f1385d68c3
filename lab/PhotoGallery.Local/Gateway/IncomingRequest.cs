namespace PhotoGallery.Local.Gateway;

/// <summary>An HTTP request as the gateway received it, before it becomes a proxy event.</summary>
public sealed record IncomingRequest(
    string Method,
    string Path,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string SourceIp,
    string Protocol)
{
    public string? Header(string name) =>
        Headers.LastOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
