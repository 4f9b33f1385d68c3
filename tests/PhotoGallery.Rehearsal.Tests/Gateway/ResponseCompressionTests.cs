using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Gateway;

namespace PhotoGallery.Rehearsal.Tests.Gateway;

public sealed class ResponseCompressionTests
{
    private static readonly byte[] Listing = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("""{"photoId":"01JD","title":"A bridge at dusk"},""", 60)));

    private static ProxyResponse Response(byte[] body, params (string Name, string Value)[] headers) =>
        new(200, headers.ToDictionary(h => h.Name, h => (IReadOnlyList<string>)[h.Value]), body);

    private static HttpRequest Request(string? acceptEncoding)
    {
        var context = new DefaultHttpContext();
        if (acceptEncoding is not null) context.Request.Headers.AcceptEncoding = acceptEncoding;
        return context.Request;
    }

    private static byte[] Decompress(byte[] body, string coding)
    {
        using var input = new MemoryStream(body);
        using Stream reader = coding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        reader.CopyTo(output);
        return output.ToArray();
    }

    [TestCase("gzip, deflate, br, zstd", "gzip", TestName = "Apply_BrowserAcceptEncoding_Gzip")]
    [TestCase("br;q=1, deflate;q=0.9, gzip;q=0.5", "deflate", TestName = "Apply_PreferredSupportedCoding_Chosen")]
    [TestCase("deflate", "deflate", TestName = "Apply_DeflateOnly_ZlibDeflate")]
    public void Apply_LargeResponseAndSupportedCoding_CompressedLosslessly(string acceptEncoding, string coding)
    {
        var compressed = ResponseCompression.Apply(Response(Listing, ("Content-Type", "application/json")), Request(acceptEncoding), 1024);

        Assert.That(compressed.Headers["Content-Encoding"], Is.EqualTo(new[] { coding }));
        Assert.That(compressed.Headers["Content-Type"], Is.EqualTo(new[] { "application/json" }), "the function's headers stay");
        Assert.That(compressed.Body.Length, Is.LessThan(Listing.Length / 4));
        Assert.That(Decompress(compressed.Body, coding), Is.EqualTo(Listing));
    }

    [TestCase(null, 1024, TestName = "Apply_NoAcceptEncoding_AsIs")]
    [TestCase("br, zstd", 1024, TestName = "Apply_OnlyUnsupportedCodings_AsIs")]
    [TestCase("gzip;q=0, identity", 1024, TestName = "Apply_GzipRefused_AsIs")]
    [TestCase("gzip", 100_000, TestName = "Apply_SmallerThanMinimum_AsIs")]
    public void Apply_NotToBeCompressed_ResponseUnchanged(string? acceptEncoding, int minimum)
    {
        var response = Response(Listing);

        Assert.That(ResponseCompression.Apply(response, Request(acceptEncoding), minimum), Is.SameAs(response));
    }

    [Test]
    public void Apply_CompressionOffForTheApi_AsIs()
    {
        var response = Response(Listing);

        Assert.That(ResponseCompression.Apply(response, Request("gzip"), null), Is.SameAs(response));
    }

    [Test]
    public void Apply_FunctionSetItsOwnContentEncoding_AsIs()
    {
        var response = Response(Listing, ("content-encoding", "br"));

        Assert.That(ResponseCompression.Apply(response, Request("gzip"), 1024), Is.SameAs(response));
    }
}
