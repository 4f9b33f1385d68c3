using NUnit.Framework;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Tests.Core;

public sealed class PhotoLimitsTests
{
    [TestCase(4L * 1024 * 1024, "4 MiB")]
    [TestCase(50L * 1024 * 1024, "50 MiB")]
    [TestCase(256L * 1024, "256 KiB")]
    [TestCase(1536L * 1024, "1536 KiB")]
    [TestCase(1000L, "1000 bytes")]
    [TestCase(0L, "0 bytes")]
    public void SizeText_Limit_AsPeopleReadIt(long bytes, string expected) =>
        Assert.That(PhotoLimits.SizeText(bytes), Is.EqualTo(expected));
}
