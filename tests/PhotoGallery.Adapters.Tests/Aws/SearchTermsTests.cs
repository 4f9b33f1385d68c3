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

    [Test]
    public void HeadsOf_Words_AreTheDistinctFirstThreeCharactersOfWordsThatReachThem()
    {
        Assert.That(SearchTerms.HeadsOf(["sunset", "sunny", "at", "old", "ab𝒳c", "bridge"]), Is.EqualTo(new[] { "ab", "bri", "old", "sun" }));
    }

    [Test]
    public void For_PhotoWithUpToTheMostHeads_AnItemPerPair()
    {
        var words = string.Join(" ", Enumerable.Range(0, SearchTerms.MaxPairHeads - 1).Select(i => $"w{i:D2}"));
        var photo = Support.Photos.Complete(words, owner: "bob");

        var pairs = SearchTerms.For(photo).Where(key => key.PartitionKey.StartsWith(PhotoTable.PairPrefix, StringComparison.Ordinal)).ToList();

        Assert.That(pairs, Has.Count.EqualTo(SearchTerms.MaxPairHeads * (SearchTerms.MaxPairHeads - 1) / 2));
        Assert.That(SearchTerms.For(photo).Any(key => key.PartitionKey.StartsWith(PhotoTable.OverflowPrefix, StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void For_PhotoWithMoreHeads_AnOverflowItemPerHeadAndNoPairs()
    {
        var words = string.Join(" ", Enumerable.Range(0, SearchTerms.MaxPairHeads).Select(i => $"w{i:D2}"));
        var photo = Support.Photos.Complete(words, owner: "bob");

        var keys = SearchTerms.For(photo);

        Assert.That(keys.Where(key => key.PartitionKey.StartsWith(PhotoTable.OverflowPrefix, StringComparison.Ordinal)).Select(key => key.PartitionKey),
            Is.EquivalentTo(SearchTerms.HeadsOf(photo.SearchWords()).Select(PhotoTable.OverflowKey)));
        Assert.That(keys.Any(key => key.PartitionKey.StartsWith(PhotoTable.PairPrefix, StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void For_PendingPhoto_Nothing()
    {
        Assert.That(SearchTerms.For(Support.Photos.Pending("Old bridge", Support.Photos.Epoch.AddDays(1))), Is.Empty);
    }

    [TestCase("old bridge", new[] { "PAIR#bri|old" }, new[] { "bridge" }, "OVER#bri", new[] { "old", "bridge" })]
    [TestCase("sea ol bridges", new[] { "PAIR#bri|sea" }, new[] { "ol", "bridges" }, "OVER#bri", new[] { "sea", "ol", "bridges" })]
    [TestCase("sunset sunny", new string[0], null, null, null)]
    [TestCase("old x", new string[0], null, null, null)]
    public void PairReads_Query_PairsTheHeadsOfItsLongestWords(string query, string[] pairs, string[]? pairFilter, string? overflow, string[]? overflowFilter)
    {
        var reads = SearchTerms.PairReads(SearchQuery.Parse(query));

        Assert.That(reads.Select(read => read.PairKey), Is.EqualTo(pairs));
        if (reads.Count == 0) return;
        Assert.That(reads[0].PairFilter, Is.EqualTo(pairFilter));
        Assert.That(reads[0].OverflowKey, Is.EqualTo(overflow));
        Assert.That(reads[0].OverflowFilter, Is.EqualTo(overflowFilter));
    }

    [Test]
    public void PairReads_ManyWords_PairsOnlyTheThreeLongest()
    {
        var reads = SearchTerms.PairReads(SearchQuery.Parse("red old bridge harbour castle"));

        Assert.That(reads.Select(read => read.PairKey), Is.EqualTo(new[] { "PAIR#bri|har", "PAIR#cas|har", "PAIR#bri|cas" }));
    }
}
