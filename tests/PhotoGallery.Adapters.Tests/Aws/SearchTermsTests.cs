using NUnit.Framework;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>Which prefixes are indexed and which term a query reads.</summary>
[TestFixture]
public sealed class SearchTermsTests
{
    [Test]
    public void Prefixes_Words_AreTheDistinctPrefixesOfTheStoredLengths()
    {
        var prefixes = SearchTerms.Prefixes(["sunset", "sun", "photographer", "moon", "x"]);

        Assert.That(prefixes, Is.EquivalentTo(new[]
        {
            "s", "su", "sun", "suns",
            "p", "ph", "pho", "phot", "photogra",
            "m", "mo", "moo", "moon",
            "x",
        }));
    }

    [Test]
    public void WordsOf_Photo_EveryWordAfterASpace()
    {
        var photo = Support.Photos.Complete("Café au lait", "au revoir", owner: "Zoë", tags: ["Paris"]);

        Assert.That(SearchTerms.WordsOf(photo), Is.EqualTo(" au cafe lait paris revoir zoe"));
    }

    [Test]
    public void WordsOf_MoreThanAnItemCarries_Null()
    {
        var photo = Support.Photos.Complete("Many", string.Join(" ", Enumerable.Range(0, 200).Select(i => $"word{i}")));

        Assert.That(SearchTerms.WordsOf(photo), Is.Null);
    }

    [TestCase("s", "s")]
    [TestCase("sun", "sun")]
    [TestCase("suns", "suns")]
    [TestCase("sunse", "suns")]
    [TestCase("sunsets", "suns")]
    [TestCase("photographers", "photogra")]
    public void DrivingTerm_QueryWord_IsCutToTheLongestStoredLengthItReaches(string word, string expected)
    {
        Assert.That(SearchTerms.DrivingTerm(word), Is.EqualTo(expected));
    }

    [TestCase("sun beach", "beac", new[] { "sun", "beach" })]
    [TestCase("sun beach", "sun", new[] { "beach" })]
    [TestCase("sun sunset", "suns", new[] { "sunset" })]
    [TestCase("suns", "suns", new string[0])]
    public void FilterWords_Term_AreTheQueryWordsItDoesNotImply(string query, string term, string[] expected)
    {
        Assert.That(SearchTerms.FilterWords(SearchQuery.Parse(query), term), Is.EqualTo(expected));
    }

    [Test]
    public void Prefixes_AstralLetters_NeverSplitASurrogatePair()
    {
        var prefixes = SearchTerms.Prefixes(["a𝒳b", "abc𝒳de", "𝒳yz"]);

        // A cut that would end inside a pair stops before it: "a𝒳b" at 2 is "a", "abc𝒳de" at 4 is "abc", "𝒳yz" at 1 is nothing.
        Assert.That(prefixes, Is.EquivalentTo(new[] { "a", "a𝒳", "a𝒳b", "ab", "abc", "𝒳", "𝒳y", "𝒳yz" }));
        Assert.That(SearchTerms.DrivingTerm("abc𝒳d"), Is.EqualTo("abc"));
        Assert.That(SearchTerms.DrivingTerm("abcdefg𝒳"), Is.EqualTo("abcdefg"));
    }

    [TestCase("sun beach", new[] { "beac", "sun" })]
    [TestCase("a photographers", new[] { "photogra", "a" })]
    [TestCase("sun sunset", new[] { "suns" })]
    [TestCase("moon mo", new[] { "moon" })]
    [TestCase("x x", new[] { "x" })]
    public void DrivingTerms_Query_AreTheWordsCutToStoredLengthsWithoutPrefixesOfOthers(string query, string[] expected)
    {
        Assert.That(SearchTerms.DrivingTerms(SearchQuery.Parse(query)), Is.EqualTo(expected));
    }
}
