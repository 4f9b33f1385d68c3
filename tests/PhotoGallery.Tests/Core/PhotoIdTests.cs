using NUnit.Framework;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Tests.Core;

public sealed class PhotoIdTests
{
    [Test]
    public void New_Any_IsAValidUlid()
    {
        var id = PhotoId.New(DateTimeOffset.UtcNow);

        Assert.That(PhotoId.IsValid(id), Is.True, id);
    }

    [Test]
    public void New_LaterTime_SortsAfter()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 50).Select(i => PhotoId.New(start.AddMilliseconds(i * 7))).ToList();

        Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public void New_SameMillisecond_StillDistinct()
    {
        var now = DateTimeOffset.UtcNow;

        Assert.That(Enumerable.Range(0, 1000).Select(_ => PhotoId.New(now)).Distinct().Count(), Is.EqualTo(1000));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("01JD3ZK8Q2V7W4X9Y6T5R3P1N")]
    [TestCase("01JD3ZK8Q2V7W4X9Y6T5R3P1NMX")]
    [TestCase("01jd3zk8q2v7w4x9y6t5r3p1nm")]
    [TestCase("01JD3ZK8Q2V7W4X9Y6T5R3P1NU")]
    [TestCase("81JD3ZK8Q2V7W4X9Y6T5R3P1NM")]
    [TestCase("../../../../../etc/passwd0")]
    public void IsValid_NotAnId_False(string? id) => Assert.That(PhotoId.IsValid(id), Is.False);
}
