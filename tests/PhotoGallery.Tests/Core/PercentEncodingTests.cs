using NUnit.Framework;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Tests.Core;

public sealed class PercentEncodingTests
{
    [TestCase("sunset", true, "sunset")]
    [TestCase("sun+set", true, "sun set")]
    [TestCase("sun+set", false, "sun+set")]
    [TestCase("caf%C3%A9", true, "café")]
    [TestCase("%F0%9F%8C%85", true, "🌅")]
    [TestCase("%2541", true, "%41")]
    [TestCase("100%", true, "100%")]
    [TestCase("%zz", true, "%zz")]
    [TestCase("café 🌅", true, "café 🌅")]
    public void Decode_Text_AsAGatewayDecodesIt(string text, bool plusIsSpace, string expected) =>
        Assert.That(PercentEncoding.Decode(text, plusIsSpace), Is.EqualTo(expected));

    [TestCase("%FF")]
    [TestCase("caf%E9")]
    [TestCase("%ED%A0%80")]
    [TestCase("%C0%AF")]
    public void Decode_BytesNotUtf8_ReplacementCharacter(string text) =>
        Assert.That(PercentEncoding.Decode(text, plusIsSpace: true), Does.Contain("\uFFFD"));
}
