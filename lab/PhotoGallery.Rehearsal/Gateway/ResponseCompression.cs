using System.IO.Compression;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace PhotoGallery.Rehearsal.Gateway;

/// <summary>
/// API Gateway's payload compression for REST APIs: with the API's <c>MinimumCompressionSize</c> set, a function's
/// response of at least that many bytes is compressed when the request's <c>Accept-Encoding</c> names a coding API
/// Gateway supports (gzip, deflate) and the function set no <c>Content-Encoding</c> of its own. Without the header
/// nothing is compressed.
/// </summary>
public static class ResponseCompression
{
    private static readonly string[] Supported = ["gzip", "deflate"];

    public static ProxyResponse Apply(ProxyResponse response, HttpRequest request, int? minimumSize)
    {
        if (minimumSize is not { } minimum || response.Body.Length < minimum) return response;
        if (response.Headers.Keys.Any(name => name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))) return response;
        if (Chosen(request.Headers.AcceptEncoding.ToString()) is not { } coding) return response;

        var headers = new Dictionary<string, IReadOnlyList<string>>(response.Headers, StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Encoding"] = [coding],
        };
        return response with { Headers = headers, Body = Compress(response.Body, coding) };
    }

    /// <summary>The supported coding the client prefers most (highest q, then first named), or null.</summary>
    public static string? Chosen(string acceptEncoding)
    {
        if (string.IsNullOrWhiteSpace(acceptEncoding)) return null;
        var offered = acceptEncoding.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => StringWithQualityHeaderValue.TryParse(item, out var value) ? value : null)
            .OfType<StringWithQualityHeaderValue>()
            .Select((value, order) => (Coding: value.Value.ToLowerInvariant(), Quality: value.Quality ?? 1.0, Order: order))
            .Where(c => c.Quality > 0 && Supported.Contains(c.Coding))
            .OrderByDescending(c => c.Quality).ThenBy(c => c.Order);
        return offered.Select(c => c.Coding).FirstOrDefault();
    }

    private static byte[] Compress(byte[] body, string coding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = coding == "gzip"
                   ? new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)
                   : new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            compressor.Write(body);
        return output.ToArray();
    }
}
