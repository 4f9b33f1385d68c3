using System.Text;
using System.Text.Json;
using PhotoGallery.Aws;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Functions.ProcessPhoto;

/// <summary>
/// S3 ObjectCreated on <c>photos/&lt;id&gt;/original.&lt;ext&gt;</c>: makes the photo's thumbnail and display
/// image (upright, without metadata) and records them on the photo, or records why it could not. Lambda
/// invokes it asynchronously and retries a failed event twice, so a photo whose completion is not saved
/// yet simply fails this attempt (<see cref="PhotoNotReadyException"/>) and is done on the next.
/// </summary>
public sealed class Function(IPhotoStore store, IPhotoIndex index, PhotoLimits limits)
{
    /// <summary>Lambda's constructor: the bucket and table named by the environment.</summary>
    public Function() : this(AwsBackend.PhotoStore(), AwsBackend.PhotoIndex(), PhotoLimits.FromEnvironment()) { }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var s3Event = await JsonSerializer.DeserializeAsync(input, S3EventJson.Default.S3Event)
            ?? throw new InvalidDataException("The invocation payload is not an S3 event notification.");
        var processed = 0;
        foreach (var record in s3Event.Records ?? [])
        {
            if (OriginalOf(record) is not { } original) continue;
            await ProcessAsync(original.PhotoId, original.Key, CancellationToken.None);
            processed++;
        }
        return new MemoryStream(Encoding.UTF8.GetBytes($$"""{"processed":{{processed}}}"""));
    }

    public async Task ProcessAsync(string photoId, string key, CancellationToken cancellationToken)
    {
        var original = await store.ReadStartAsync(key, checked((int)Math.Min(int.MaxValue, limits.MaxPhotoBytes + 1)), cancellationToken);
        ImagesOutcome outcome;
        try
        {
            var made = ImageMaker.Make(original, ImageSizes.Default);
            var variants = new PhotoVariants(PhotoKeys.Thumbnail(photoId), PhotoKeys.Display(photoId));
            await store.PutAsync(variants.ThumbnailKey, made.Thumbnail, ImageTypes.Jpeg, cancellationToken);
            await store.PutAsync(variants.DisplayKey, made.Display, ImageTypes.Jpeg, cancellationToken);
            outcome = ImagesOutcome.Ready(variants, made.Width, made.Height);
        }
        catch (ImageProblemException problem)
        {
            // Retrying will not make a broken file decode: record why, for its owner, and stop here.
            outcome = ImagesOutcome.Failed(problem.Message);
        }
        if (!await index.RecordImagesAsync(photoId, outcome, cancellationToken))
            throw new PhotoNotReadyException(photoId);
    }

    /// <summary>The photo and key of an ObjectCreated record on a published original, else <c>null</c>.</summary>
    private static (string PhotoId, string Key)? OriginalOf(S3EventRecord record)
    {
        if (record.EventName?.StartsWith("ObjectCreated", StringComparison.Ordinal) != true) return null;
        if (record.S3?.StoredObject?.Key is not { } encoded) return null;
        // S3 events URL-encode the key, with '+' for a space.
        var key = Uri.UnescapeDataString(encoded.Replace('+', ' '));
        return PhotoKeys.PhotoIdOfOriginal(key) is { } photoId ? (photoId, key) : null;
    }
}

/// <summary>The photo's completion is not saved yet: this attempt fails so that Lambda's retry finds it complete.</summary>
public sealed class PhotoNotReadyException(string photoId)
    : Exception($"Photo {photoId} is not complete yet; its images will be made on the next attempt.");
