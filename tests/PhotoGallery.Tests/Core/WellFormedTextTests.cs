using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;

namespace PhotoGallery.Tests.Core;

public sealed class WellFormedTextTests
{
    [TestCase("sunset")]
    [TestCase("")]
    [TestCase("Zoë · 東京 · 🌅")]
    [TestCase("line\nbreak\ttab")]
    public void Check_UnicodeText_PassesUnchanged(string text) =>
        Assert.That(WellFormedText.Check("title", text), Is.SameAs(text));

    [Test]
    public void Check_Null_PassesAsNull() => Assert.That(WellFormedText.Check("title", null), Is.Null);

    // NUnit keeps attribute strings as UTF-8, where a lone surrogate cannot travel: they are built here.
    private static IEnumerable<TestCaseData> NotText()
    {
        yield return new TestCaseData("a\uD800b", "unpaired UTF-16 surrogate (U+D800) at character 2");
        yield return new TestCaseData("\uDC00", "unpaired UTF-16 surrogate (U+DC00) at character 1");
        yield return new TestCaseData("ab\uD83D", "unpaired UTF-16 surrogate (U+D83D) at character 3");
        yield return new TestCaseData("\uDE05\uD83D", "unpaired UTF-16 surrogate (U+DE05) at character 1");
        yield return new TestCaseData("caf\uFFFD", "bytes that are not UTF-8 (decoded as U+FFFD) at character 4");
        yield return new TestCaseData("nul\0", "a NUL character (U+0000) at character 4");
    }

    [TestCaseSource(nameof(NotText))]
    public void Check_NotText_InvalidParameterNamingTheFieldAndWhere(string text, string says)
    {
        var error = Assert.Throws<GalleryException>(() => WellFormedText.Check("title", text))!;

        Assert.That(error.Code, Is.EqualTo(ErrorCode.InvalidParameter));
        Assert.That(error.Message, Does.StartWith("'title' must be Unicode text").And.Contain(says));
    }
}
