using Microsoft.Playwright;
using NUnit.Framework;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// A photo's image state, driven by the test through the host's own backend: the test plays processphoto's
/// part (put the variants, record the outcome on the catalog) when and how it needs to, so the page's
/// placeholder, its polling and its swap can be watched step by step whatever the host's event delivery does.
/// </summary>
public sealed class PhotoImages(GalleryServer server, Func<Task<IPage>> scratchPage)
{
    /// <summary>The stand-in's sizes: the longest side of a thumbnail and of a display image.</summary>
    private const int ThumbnailSide = 640;
    private const int DisplaySide = 2048;

    private LocalBackend Backend => server.Host.Backend;

    /// <summary>
    /// A complete photo in the catalog alone, its images processing. No original is stored, so no storage
    /// event reaches processphoto: nothing but the test changes its state. The owner still gets an
    /// <c>originalUrl</c> (signing needs no object), which the page must never load.
    /// </summary>
    public async Task<string> AddProcessingAsync(string owner, string title, int? width = null, int? height = null)
    {
        var now = server.Clock.GetUtcNow();
        var photo = new Photo
        {
            PhotoId = PhotoId.New(now), Owner = owner, Title = title, FileName = $"{title}.jpg", ContentType = ImageTypes.Jpeg,
            Size = 3_456_789, Width = width, Height = height, CreatedAt = now, Status = PhotoStatus.Complete,
            ImageState = ImageState.Processing,
        };
        await Backend.Index.SaveAsync(photo, CancellationToken.None);
        // Photos are ordered by their millisecond: keep each in its own, so "newest first" is exact.
        await Task.Delay(2);
        return photo.PhotoId;
    }

    /// <summary>What processphoto does on success: the variants under their keys, then the outcome on the photo.</summary>
    public async Task MakeReadyAsync(string photoId, byte[] thumbnail, byte[] display, int width, int height)
    {
        var variants = new PhotoVariants(PhotoKeys.Thumbnail(photoId), PhotoKeys.Display(photoId));
        await Backend.Store.PutAsync(variants.ThumbnailKey, thumbnail, ImageTypes.Jpeg, CancellationToken.None);
        await Backend.Store.PutAsync(variants.DisplayKey, display, ImageTypes.Jpeg, CancellationToken.None);
        Assert.That(await Backend.Index.RecordImagesAsync(photoId, ImagesOutcome.Ready(variants, width, height), CancellationToken.None),
            Is.True, $"photo {photoId} is not complete, so its images could not be recorded");
    }

    /// <summary>What processphoto does with an original it cannot use: the reason, for the owner.</summary>
    public async Task FailAsync(string photoId, string problem) =>
        Assert.That(await Backend.Index.RecordImagesAsync(photoId, ImagesOutcome.Failed(problem), CancellationToken.None),
            Is.True, $"photo {photoId} is not complete, so its failure could not be recorded");

    /// <summary>
    /// Brings every photo uploaded for real to ready. processphoto gets the first go: this waits while the
    /// number of processing photos keeps falling. What is left when it stops falling (a host that delivers
    /// no storage events) gets its variants from a stand-in: the original decoded in the browser, drawn
    /// upright at the thumbnail and display sizes, saved as JPEG. A photo processphoto failed fails the test.
    /// </summary>
    public async Task<IReadOnlyList<Photo>> SettleAllAsync()
    {
        var quiet = TimeSpan.FromSeconds(5);
        var processing = int.MaxValue;
        var lastChange = DateTimeOffset.UtcNow;
        IReadOnlyList<Photo> photos;
        while (true)
        {
            photos = (await Backend.Index.ListAsync(new PageRequest(1000, null), CancellationToken.None)).Photos;
            var now = photos.Count(p => p.ImageState == ImageState.Processing);
            if (now < processing) (processing, lastChange) = (now, DateTimeOffset.UtcNow);
            if (now == 0 || DateTimeOffset.UtcNow - lastChange > quiet) break;
            await Task.Delay(200);
        }

        var failed = photos.Where(p => p.ImageState == ImageState.Failed).Select(p => $"“{p.Title}”: {p.ImageProblem}").ToList();
        Assert.That(failed, Is.Empty, "processphoto could not make these photos' images");
        foreach (var photo in photos.Where(p => p.ImageState == ImageState.Processing))
        {
            var original = await Backend.Store.ReadStartAsync(PhotoKeys.Original(photo), int.MaxValue, CancellationToken.None);
            var made = await CanvasPhotos.VariantsAsync(await scratchPage(), original, ThumbnailSide, DisplaySide);
            await MakeReadyAsync(photo.PhotoId, made.Thumbnail, made.Display, made.Width, made.Height);
        }
        return (await Backend.Index.ListAsync(new PageRequest(1000, null), CancellationToken.None)).Photos;
    }
}
