using NUnit.Framework;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Tests.Core;

public sealed class ImageTypesTests
{
    [Test]
    public void Inspect_Png_TypeAndSize() =>
        Assert.That(ImageTypes.Inspect(TestImages.Png(7, 5)), Is.EqualTo(new ImageInfo("image/png", 7, 5)));

    [Test]
    public void Inspect_Jpeg_TypeAndSizeFromFrameHeader() =>
        Assert.That(ImageTypes.Inspect(TestImages.Jpeg(1024, 768)), Is.EqualTo(new ImageInfo("image/jpeg", 1024, 768)));

    [Test]
    public void Inspect_JpegWithLargeExif_StillFindsFrameHeader() =>
        Assert.That(ImageTypes.Inspect(TestImages.Jpeg(4000, 3000, exifBytes: 60_000)), Is.EqualTo(new ImageInfo("image/jpeg", 4000, 3000)));

    [Test]
    public void Inspect_JpegCutBeforeFrameHeader_TypeWithoutSize() =>
        Assert.That(ImageTypes.Inspect(TestImages.Jpeg(exifBytes: 1000).AsSpan(0, 500)), Is.EqualTo(new ImageInfo("image/jpeg", null, null)));

    [Test]
    public void Inspect_Gif_TypeAndSize() =>
        Assert.That(ImageTypes.Inspect(TestImages.Gif(10, 20)), Is.EqualTo(new ImageInfo("image/gif", 10, 20)));

    [Test]
    public void Inspect_Webp_TypeAndSize() =>
        Assert.That(ImageTypes.Inspect(TestImages.Webp(300, 200)), Is.EqualTo(new ImageInfo("image/webp", 300, 200)));

    [TestCase("hello world, not an image")]
    [TestCase("<svg xmlns='http://www.w3.org/2000/svg'/>")]
    [TestCase("")]
    public void Inspect_NotAnImage_Null(string text) =>
        Assert.That(ImageTypes.Inspect(System.Text.Encoding.UTF8.GetBytes(text)), Is.Null);

    [TestCase("image/jpeg", "jpg")]
    [TestCase("image/png", "png")]
    [TestCase("image/gif", "gif")]
    [TestCase("image/webp", "webp")]
    public void Extension_AcceptedType_FileExtension(string contentType, string extension) =>
        Assert.That(ImageTypes.Extension(contentType), Is.EqualTo(extension));
}
