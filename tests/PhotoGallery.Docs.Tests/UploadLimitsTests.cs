using System.Globalization;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PhotoGallery.Core.Photos;
using PhotoGallery.Docs.Tests.Support;

namespace PhotoGallery.Docs.Tests;

/// <summary>
/// The inline upload limits, stated in the API reference, the troubleshooting page, the README, the guide
/// and the web page's code, are PhotoLimits' own: when a limit changes, every place that states it must.
/// </summary>
public sealed partial class UploadLimitsTests
{
    private static readonly string Inline = PhotoLimits.SizeText(PhotoLimits.DefaultMaxInlineBytes);
    private static readonly string Thumbnail = PhotoLimits.SizeText(PhotoLimits.DefaultMaxThumbnailBytes);

    /// <summary>The page's text with line breaks as spaces, so a phrase wrapped over two lines still matches.</summary>
    private static string Prose(string relative) => Whitespace().Replace(Repository.Read(relative), " ");

    private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;

    [Test]
    public void ApiReference_InlineAndThumbnailLimits_PhotoLimits()
    {
        var page = Prose("docs/api.md");

        Assert.That(page, Does.Contain($"**Inline**, for photos up to {Inline}"));
        Assert.That(page, Does.Contain($"a JPEG thumbnail, base64, at most {Thumbnail}"));
        Assert.That(page, Does.Contain($"an inline `image` over {Inline}, or a thumbnail over {Thumbnail}"));
    }

    [Test]
    public void ApiReferenceAndTroubleshooting_Base64Total_ThatOfTheLimits()
    {
        var total = (Base64Length(PhotoLimits.DefaultMaxInlineBytes) + Base64Length(PhotoLimits.DefaultMaxThumbnailBytes)).ToString("N0", CultureInfo.InvariantCulture);

        Assert.That(Prose("docs/api.md"), Does.Contain($"{total} bytes of base64"));
        Assert.That(Prose("docs/troubleshooting.md"), Does.Contain($"{total} bytes of base64"));
        Assert.That(Prose("docs/troubleshooting.md"), Does.Contain($"{PhotoLimits.LambdaRequestPayloadBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes"));
    }

    [Test]
    public void Troubleshooting_InlineLimits_PhotoLimitsAndTheWebPagesSwitch()
    {
        var page = Prose("docs/troubleshooting.md");

        Assert.That(page, Does.Contain($"inline photos up to **{Inline}** with a thumbnail up to **{Thumbnail}**"));
        Assert.That(page, Does.Contain($"The web page does this by itself above {Inline}."));
    }

    [TestCase("README.md", "Photos over {0} go through a presigned upload")]
    [TestCase("docs/lab/02-run-locally.md", "A small photo (up to {0})")]
    [TestCase("frontend/README.md", "travels inline (base64 in the JSON, up to {0}:")]
    public void Pages_InlineLimit_PhotoLimits(string page, string phrase) =>
        Assert.That(Prose(page), Does.Contain(string.Format(CultureInfo.InvariantCulture, phrase, Inline)));

    [TestCase("frontend/js/views/upload.js", "inlineLimitBytes", PhotoLimits.DefaultMaxInlineBytes)]
    public void WebPage_Limit_PhotoLimits(string file, string name, int expected) =>
        // The page sends a photo inline up to the API's limit.
        Assert.That(Declared(file, name), Is.EqualTo(expected));

    [Test]
    public void WebPage_LargestPhoto_PhotoLimitsDefault() =>
        // The page states the largest photo before anyone picks one, and refuses larger ones at once.
        Assert.That(Declared("frontend/js/views/upload.js", "maxPhotoBytes"), Is.EqualTo(PhotoLimits.Default.MaxPhotoBytes));

    /// <summary>The value of <c>export const name = 4 * 1024 * 1024;</c> in a page's script.</summary>
    private static double Declared(string file, string name)
    {
        var declaration = Regex.Match(Repository.Read(file), $@"export const {name} = (?<value>[0-9. *]+);");
        Assert.That(declaration.Success, Is.True, $"{file} declares no {name}");
        return declaration.Groups["value"].Value.Split('*').Select(f => double.Parse(f.Trim(), CultureInfo.InvariantCulture)).Aggregate((a, b) => a * b);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
