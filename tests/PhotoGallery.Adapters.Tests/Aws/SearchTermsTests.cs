using NUnit.Framework;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>Which prefixes are indexed and which term a query reads.</summary>
[TestFixture]
public sealed class SearchTermsTests
{
    [Test]
    public void Prefixes_Words_AreEveryDistinctPrefixUpToTheCap()
    {
        var prefixes = SearchTerms.Prefixes(["sunset", "sun", "photographer"]);

        Assert.That(prefixes, Is.EquivalentTo(new[]
        {
            "s", "su", "sun", "suns", "sunse", "sunset",
            "p", "ph", "pho", "phot", "photo", "photog", "photogr", "photogra",
        }));
    }

    [Test]
    public void Prefixes_AstralLetters_NeverSplitASurrogatePair()
    {
        var prefixes = SearchTerms.Prefixes(["a𝒳b"]);

        Assert.That(prefixes, Is.EquivalentTo(new[] { "a", "a𝒳", "a𝒳b" }));
    }

    [TestCase("sun beach", new[] { "beach", "sun" })]
    [TestCase("a photographers", new[] { "photogra", "a" })]
    [TestCase("sun sunset", new[] { "sunset" })]
    [TestCase("x x", new[] { "x" })]
    public void DrivingTerms_Query_AreTheWordsCutToTheCapWithoutPrefixesOfOthers(string query, string[] expected)
    {
        Assert.That(SearchTerms.DrivingTerms(SearchQuery.Parse(query)), Is.EqualTo(expected));
    }
}
