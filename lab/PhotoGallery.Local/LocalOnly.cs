using Microsoft.AspNetCore.Http;

namespace PhotoGallery.Local;

/// <summary>
/// Who may read the local host's own endpoints (<c>/_local/outbox</c>, <c>/_local/info</c>, ...): the outbox
/// holds every confirmation code, so only the gallery's own page and programs on this machine. A request
/// must name the host by a loopback name and its port (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>), so a
/// web page whose DNS name is rebound to 127.0.0.1 is refused; and a browser's request must come from the
/// same origin (<c>Sec-Fetch-Site</c>, <c>Origin</c>), so another site open in the same browser cannot read
/// the codes. curl and other programs send neither header and are served. No CORS header is ever sent.
/// Signed storage URLs (<c>/_local/storage/</c>) are not covered: their signature is their access control.
/// </summary>
public static class LocalOnly
{
    public const string PathPrefix = "/_local";

    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// Why the request may not read a local endpoint, or <c>null</c> when it may. <paramref name="port"/> is
    /// the port the host listens on.
    /// </summary>
    public static string? Refusal(HttpRequest request, int port)
    {
        var host = request.Host;
        if (!host.HasValue || !LoopbackNames.Contains(host.Host, StringComparer.OrdinalIgnoreCase) || (host.Port is { } named && named != port))
            return $"The local endpoints answer only at http://localhost:{port}, http://127.0.0.1:{port} or http://[::1]:{port}, not at the host '{host.Value}'.";
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
            return $"The local endpoints answer only the gallery's own page, not a request from another site (Sec-Fetch-Site: {site}).";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{host.Value}", StringComparison.OrdinalIgnoreCase))
            return $"The local endpoints answer only the gallery's own page, not a request from {origin}.";
        return null;
    }
}
