using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Tests.Core;

public sealed class SearchQueryTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("?!")]
    public void Parse_NothingToSearch_InvalidParameter(string? text)
    {
        var error = Assert.Throws<GalleryException>(() => SearchQuery.Parse(text));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidParameter));
    }

    [Test]
    public void Parse_TooManyWords_InvalidParameter()
    {
        var error = Assert.Throws<GalleryException>(() => SearchQuery.Parse("a b c d e f g h i"));

        Assert.That(error!.Message, Does.Contain("at most 8"));
    }

    [Test]
    public void Parse_RepeatedWords_KeptOnce()
    {
        Assert.That(SearchQuery.Parse("Sun sun SUN beach").Words, Is.EqualTo(new[] { "sun", "beach" }));
    }

    [TestCase("sun", true)]
    [TestCase("sun bea", true)]
    [TestCase("SUNSET", true)]
    [TestCase("unset", false)]
    [TestCase("sun forest", false)]
    [TestCase("sunsets", false)]
    public void Matches_EveryWordMustPrefixAPhotoWord(string query, bool expected)
    {
        var photoWords = new HashSet<string> { "sunset", "at", "the", "beach" };

        Assert.That(SearchQuery.Parse(query).Matches(photoWords), Is.EqualTo(expected));
    }
}
