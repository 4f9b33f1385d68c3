using NUnit.Framework;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Tests.Core;

public sealed class WordPrefixesTests
{
    [TestCase("sunset", 3, "sun")]
    [TestCase("sun", 3, "sun")]
    [TestCase("su", 3, "su")]
    [TestCase("a𝒳b", 2, "a")]
    [TestCase("a𝒳b", 3, "a𝒳")]
    [TestCase("𝒳yz", 1, "")]
    public void Cut_Word_NeverEndsInsideASurrogatePair(string word, int length, string expected)
    {
        Assert.That(WordPrefixes.Cut(word, length), Is.EqualTo(expected));
    }

    [Test]
    public void Of_EveryLength_SameSetAsSkippingTheLengthsThatSplitAPair()
    {
        string[] words = ["a𝒳b", "abc𝒳de", "𝒳yz", "sunset", "sun"];

        var prefixes = WordPrefixes.Of(words, Enumerable.Range(1, 12));

        var skipping = words.SelectMany(word => Enumerable.Range(1, Math.Min(word.Length, 12))
            .Where(length => !char.IsHighSurrogate(word[length - 1]))
            .Select(length => word[..length]));
        Assert.That(prefixes, Is.EquivalentTo(skipping.Distinct()));
        Assert.That(prefixes, Does.Contain("abc𝒳").And.Not.Contain("abc\uD835"));
    }

    [Test]
    public void Of_SomeLengths_OnlyThoseEachWordReaches()
    {
        var prefixes = WordPrefixes.Of(["sunset", "sea", "abcdefg𝒳"], [1, 2, 4, 8]);

        // "sea" reaches 1 and 2 only; "abcdefg𝒳" at 8 would split the pair, so it stops at 7 characters.
        Assert.That(prefixes, Is.EquivalentTo(new[] { "s", "su", "suns", "se", "a", "ab", "abcd", "abcdefg" }));
    }
}
