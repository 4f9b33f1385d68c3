using System.Numerics;
using NUnit.Framework;
using PhotoGallery.Core.Search;
using PhotoGallery.Local.Catalog;

namespace PhotoGallery.Tests.Local;

/// <summary>
/// The word heads SQLite's prefix rows carry (a Bloom filter of each word's first three letters): a photo's heads must
/// hold every bit a query word it has can ask for (else a probe would skip a match), and the bits must be the same in
/// every process and version (they are stored in the catalog).
/// </summary>
public sealed class PhotoPrefixesTests
{
    [TestCase("sunset")]
    [TestCase("sun")]
    [TestCase("élan")]
    [TestCase("photographically")]
    [TestCase("\U00010428\U00010429\U0001042Ax")] // astral letters (Deseret): a head of three code units splits a pair
    public void Heads_EveryQueryWordOfThreeLettersOrMoreThatStartsAPhotoWord_HasAllItsBits(string word)
    {
        var heads = PhotoPrefixes.Heads(["the", "old", word, "x", "bridge"]);

        var checkedQueries = 0;
        for (var length = PhotoPrefixes.HeadLength; length <= word.Length; length++)
        {
            // As a query word reaches the prefix rows: cut, never between the halves of a pair.
            var query = PhotoPrefixes.Cut(WordPrefixes.Cut(word, length));
            if (PhotoPrefixes.HeadBits(query) == 0) continue;
            Assert.That(heads & PhotoPrefixes.HeadBits(query), Is.EqualTo(PhotoPrefixes.HeadBits(query)), query);
            checkedQueries++;
        }
        Assert.That(checkedQueries, Is.GreaterThan(0));
    }

    [Test]
    public void HeadBits_WordShorterThanAHead_NoBitsSoNoFilter()
    {
        Assert.That(PhotoPrefixes.HeadBits("ab"), Is.Zero);
        Assert.That(PhotoPrefixes.HeadBits("s"), Is.Zero);
        Assert.That(PhotoPrefixes.Heads(["ab", "s"]), Is.Zero);
    }

    [Test]
    public void HeadBits_OnlyTheFirstThreeLettersCount_TwoBitsAtMost()
    {
        Assert.That(PhotoPrefixes.HeadBits("sunset"), Is.EqualTo(PhotoPrefixes.HeadBits("sun")));
        Assert.That(PhotoPrefixes.HeadBits("sunday"), Is.EqualTo(PhotoPrefixes.HeadBits("sun")));
        Assert.That(BitOperations.PopCount((ulong)PhotoPrefixes.HeadBits("park")), Is.InRange(1, 2));
        Assert.That(PhotoPrefixes.HeadBits("park"), Is.Not.EqualTo(PhotoPrefixes.HeadBits("dog")));
    }

    /// <summary>
    /// The bit positions of 64-bit FNV-1a over the head's UTF-16 code units (bits 58–63 and 52–57 of the hash), worked
    /// out by a separate implementation: stored heads stay valid only while these stay the same.
    /// </summary>
    [TestCase("sun", 32, 39)]
    [TestCase("par", 29, 60)]
    [TestCase("dog", 50, 42)]
    [TestCase("éla", 32, 5)]
    public void HeadBits_AnyProcessOrVersion_SameBitPositions(string head, int first, int second) =>
        Assert.That(PhotoPrefixes.HeadBits(head), Is.EqualTo((long)((1UL << first) | (1UL << second))));
}
