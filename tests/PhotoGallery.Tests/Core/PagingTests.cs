using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Core;

public sealed class PagingTests
{
    [Test]
    public void From_NoLimit_Default24() =>
        Assert.That(Paging.From(ApiEvent.For("getphotos").Build()).Limit, Is.EqualTo(24));

    [TestCase("1", 1)]
    [TestCase("100", 100)]
    public void From_LimitInRange_Taken(string limit, int expected) =>
        Assert.That(Paging.From(ApiEvent.For("getphotos").WithQuery("limit", limit).Build()).Limit, Is.EqualTo(expected));

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("101")]
    [TestCase("99999999999999")]
    [TestCase("ten")]
    [TestCase("2.5")]
    [TestCase("")]
    public void From_LimitOutOfRange_InvalidParameter(string limit)
    {
        var error = Assert.Throws<GalleryException>(() => Paging.From(ApiEvent.For("getphotos").WithQuery("limit", limit).Build()));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidParameter));
        Assert.That(error.Message, Does.Contain("from 1 to 100"));
    }
}
