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
            "s", "su", "sun", "sunse",
            "p", "ph", "pho", "photo", "photogra",
            "m", "mo", "moo",
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
    [TestCase("suns", "sun")]
    [TestCase("sunse", "sunse")]
    [TestCase("sunsets", "sunse")]
    [TestCase("photographers", "photogra")]
    public void DrivingTerm_QueryWord_IsCutToTheLongestStoredLengthItReaches(string word, string expected)
    {
        Assert.That(SearchTerms.DrivingTerm(word), Is.EqualTo(expected));
    }

    [TestCase("sun beach", "beach", new[] { "sun" })]
    [TestCase("sun beach", "sun", new[] { "beach" })]
    [TestCase("sun sunset", "sunse", new[] { "sunset" })]
    [TestCase("sunse", "sunse", new string[0])]
    public void FilterWords_Term_AreTheQueryWordsItDoesNotImply(string query, string term, string[] expected)
    {
        Assert.That(SearchTerms.FilterWords(SearchQuery.Parse(query), term), Is.EqualTo(expected));
    }

    [Test]
    public void Prefixes_AstralLetters_NeverSplitASurrogatePair()
    {
        var prefixes = SearchTerms.Prefixes(["a𝒳b"]);

        Assert.That(prefixes, Is.EquivalentTo(new[] { "a", "a𝒳" }));
        Assert.That(SearchTerms.DrivingTerm("a𝒳b"), Is.EqualTo("a𝒳"));
    }

    [TestCase("sun beach", new[] { "beach", "sun" })]
    [TestCase("a photographers", new[] { "photogra", "a" })]
    [TestCase("sun sunset", new[] { "sunse" })]
    [TestCase("moon mo", new[] { "moo" })]
    [TestCase("x x", new[] { "x" })]
    public void DrivingTerms_Query_AreTheWordsCutToStoredLengthsWithoutPrefixesOfOthers(string query, string[] expected)
    {
        Assert.That(SearchTerms.DrivingTerms(SearchQuery.Parse(query)), Is.EqualTo(expected));
    }
}
