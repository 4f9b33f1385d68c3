using NUnit.Framework;
using PhotoGallery.Core.Search;

namespace PhotoGallery.Tests.Core;

public sealed class TokenizerTests
{
    [TestCase("Sunset at the Beach", new[] { "sunset", "at", "the", "beach" })]
    [TestCase("  CAFÉ   crème brûlée ", new[] { "cafe", "creme", "brulee" })]
    [TestCase("Łódź, Zürich & São Paulo", new[] { "lodz", "zurich", "sao", "paulo" })]
    [TestCase("e\u0301te\u0301", new[] { "ete" })]
    [TestCase("rock-n-roll_2024!", new[] { "rock", "n", "roll", "2024" })]
    [TestCase("Straße Æther Øre", new[] { "strasse", "aether", "ore" })]
    [TestCase("東京 タワー", new[] { "東京", "タワー" })]
    [TestCase("한국 여행", new[] { "한국", "여행" })]
    [TestCase("Ελλάδα", new[] { "ελλαδα" })]
    [TestCase("sun🌅set", new[] { "sun", "set" })]
    [TestCase("", new string[0])]
    [TestCase("!!! ...", new string[0])]
    public void Words_Text_NormalizedWordsInOrder(string text, string[] expected)
    {
        Assert.That(Tokenizer.Words(text), Is.EqualTo(expected));
    }

    [Test]
    public void Words_VeryLongWord_CutToMaxWordLength()
    {
        var words = Tokenizer.Words(new string('a', 100));

        Assert.That(words.Single(), Has.Length.EqualTo(Tokenizer.MaxWordLength));
    }

    [Test]
    public void Words_LongWordOfSurrogatePairs_NeverCutsAPairInHalf()
    {
        var words = Tokenizer.Words(string.Concat(Enumerable.Repeat("𝒜", 40)));

        Assert.That(char.IsHighSurrogate(words.Single()[^1]), Is.False);
    }

    [Test]
    public void WordSet_SeveralTexts_DistinctWords()
    {
        var set = Tokenizer.WordSet(["Red red", "RED", null, "Rouge"]);

        Assert.That(set, Is.EquivalentTo(new[] { "red", "rouge" }));
    }
}
