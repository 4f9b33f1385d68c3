using NUnit.Framework;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Stack;

public sealed class PhysicalNamesTests
{
    private readonly PhysicalNames _names = new(new Random(7));

    [Test]
    public void Bucket_StackAndLogicalId_LowerCaseWithRandomSuffix()
    {
        var name = _names.Bucket("PhotoGallery", "PhotosB9552D0D");

        Assert.That(name, Does.Match("^photogallery-photosb9552d0d-[a-z0-9]{12}$"));
    }

    [Test]
    public void Bucket_LongNames_CutToS3Limit()
    {
        var name = _names.Bucket(new string('S', 80), new string('L', 80));

        Assert.That(name, Has.Length.LessThanOrEqualTo(63));
        Assert.That(name, Does.Match("^s+-l+-[a-z0-9]{12}$"));
    }

    [TestCase(64)]
    [TestCase(255)]
    public void Named_AnyLengthLimit_Respected(int limit)
    {
        var name = _names.Named("PhotoGallery-with-a-rather-long-stack-name", "AddPhotoServiceRoleDefaultPolicy3EFF501A", limit);

        Assert.That(name, Has.Length.LessThanOrEqualTo(limit));
        Assert.That(name, Does.StartWith("PhotoGallery-").And.Match("-[A-Z0-9]{13}$"));
    }

    [Test]
    public void Id_TwoCalls_Differ()
    {
        Assert.That(_names.Id(10), Is.Not.EqualTo(_names.Id(10)).And.Match("^[a-z0-9]{10}$"));
    }
}
