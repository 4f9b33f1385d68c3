using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Amazon.S3;
using Amazon.S3.Model;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Aws.Storage;

/// <summary>
/// Photo bytes in a private S3 bucket, under the keys of <see cref="Core.Photos.PhotoKeys"/>. Browsers
/// never see the bucket itself: they get short-lived presigned requests, a POST form for uploads (its policy
/// binds the key, the content type and the size, so it cannot store anything else) and GET URLs for display
/// (signed per window, so they repeat and browsers can cache what they fetched).
/// </summary>
public sealed class S3PhotoStore(IAmazonS3 s3, S3Settings settings, TimeProvider? clock = null) : IPhotoStore
{
    /// <summary>Tells which signing window it is (download URLs); the system clock unless a test sets one.</summary>
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public static S3PhotoStore Create(S3Settings settings, TimeProvider? clock = null) => new(CreateClient(settings), settings, clock);

    public static AmazonS3Client CreateClient(S3Settings settings)
    {
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) };
        if (settings.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = settings.Region;
            // Emulators serve every bucket from one host: bucket names go in the path, not the host name.
            config.ForcePathStyle = true;
        }
        return settings.Credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(settings.Credentials, config);
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        AwsErrors.MapAsync(async () =>
        {
            using var body = new MemoryStream(content.ToArray(), writable: false);
            var request = new PutObjectRequest
            {
                BucketName = settings.Bucket,
                Key = key,
                InputStream = body,
                ContentType = contentType,
                UseChunkEncoding = settings.UseChunkEncoding,
            };
            // Stored with the object too (an inline original, processphoto's variants), so it holds for any
            // reader, not only for the gallery's presigned GETs, which ask for it anyway.
            request.Headers.ContentDisposition = PhotoKeys.ContentDispositionOf(key);
            await s3.PutObjectAsync(request, cancellationToken);
        });

    public Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken) =>
        AwsErrors.MapAsync<StoredObject?>(async () =>
        {
            try
            {
                var head = await s3.GetObjectMetadataAsync(settings.Bucket, key, cancellationToken);
                return new StoredObject(head.ContentLength, head.Headers.ContentType ?? "application/octet-stream", head.ETag);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        });

    public Task<byte[]> ReadStartAsync(string key, int maxBytes, CancellationToken cancellationToken) =>
        AwsErrors.MapAsync(async () =>
        {
            try
            {
                // A ranged GET: checking a 50 MiB upload's type must not pull 50 MiB through the Lambda.
                var request = new GetObjectRequest { BucketName = settings.Bucket, Key = key, ByteRange = new ByteRange(0, maxBytes - 1) };
                using var response = await s3.GetObjectAsync(request, cancellationToken);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
                return buffer.Length <= maxBytes ? buffer.ToArray() : buffer.ToArray()[..maxBytes];
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                throw new GalleryException(ErrorCode.UploadIncomplete, "The photo's bytes are not in storage (any more); upload them again.");
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // S3 answers 416 to a range on an empty object: there are no bytes to read.
                return [];
            }
        });

    // Server-side: S3 copies the object itself (up to 5 GB in one call), so the bytes never reach Lambda.
    // With ifVersion, S3 refuses the copy (412) when the source is no longer the version measured.
    public Task CopyAsync(string sourceKey, string destinationKey, string? ifVersion, CancellationToken cancellationToken) =>
        AwsErrors.MapAsync(async () =>
        {
            try
            {
                await s3.CopyObjectAsync(new CopyObjectRequest
                {
                    SourceBucket = settings.Bucket,
                    SourceKey = sourceKey,
                    DestinationBucket = settings.Bucket,
                    DestinationKey = destinationKey,
                    MetadataDirective = S3MetadataDirective.COPY,
                    ETagToMatch = ifVersion,
                }, cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                throw new GalleryException(ErrorCode.UploadMismatch, "The upload changed while it was being checked; upload it again.");
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                throw new GalleryException(ErrorCode.UploadIncomplete, "The photo's bytes are not in storage (any more); upload them again.");
            }
        });

    /// <summary>
    /// A presigned POST (S3's browser form upload): its policy, signed with the function's credentials, binds
    /// the bucket, the key, the content type and the size (<c>["content-length-range", size, size]</c>), so
    /// S3 refuses a larger file while it arrives (<c>EntityTooLarge</c>), which a presigned PUT cannot do.
    /// </summary>
    public async Task<PresignedUpload> PresignUploadAsync(
        string key, string contentType, long size, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        // Signed now, on the SDK's own (skew-corrected) clock: an upload is used at once and never cached.
        var expires = DateTime.UtcNow + lifetime;
        // The SDK adds the bucket and key conditions and the signature fields itself; the protocol follows
        // the endpoint (http:// for an emulator).
        var post = await AwsErrors.MapAsync(() => s3.CreatePresignedPostAsync(new CreatePresignedPostRequest
        {
            BucketName = settings.Bucket,
            Key = key,
            Expires = expires,
            Fields = new Dictionary<string, string> { [ContentTypeField] = contentType },
            Conditions =
            [
                S3PostCondition.ExactMatch(ContentTypeField, contentType),
                S3PostCondition.ContentLengthRange(size, size),
            ],
        }));
        return new PresignedUpload("POST", new Uri(post.Url), post.Fields, new DateTimeOffset(expires, TimeSpan.Zero));
    }

    private const string ContentTypeField = "Content-Type";

    /// <summary>
    /// A GET URL signed as of the start of the window the clock is in (the SDK's SigV4 signer takes a fixed
    /// signing time, <see cref="AWSSigV4Parameters.SignedAt"/>; the S3 client's own presigner always signs at
    /// "now"), so it is the same URL all window long. It asks S3 to answer with the window's Cache-Control,
    /// the key's image type and its Content-Disposition (attachment for an original:
    /// <see cref="PhotoKeys.ContentDispositionOf"/>) through <c>response-*</c> overrides, themselves covered by
    /// the signature: they hold for every object whenever and however it was written, and S3 serves no
    /// stored object as anything but the image type its key names. (S3 cannot add X-Content-Type-Options to
    /// an object's answer; a fixed image type and, for uploads, attachment are what stand in for it.)
    /// </summary>
    public async Task<Uri> PresignDownloadAsync(string key, SigningWindow window, CancellationToken cancellationToken)
    {
        // The object's address as the client would send a GetObject: virtual-hosted on AWS, path-style on an emulator.
        var endpoint = s3.DetermineServiceOperationEndpoint(new GetObjectRequest { BucketName = settings.Bucket, Key = key });
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        var url = new Uri($"{endpoint.URL.TrimEnd('/')}/{path}" +
            $"?response-cache-control={Uri.EscapeDataString(window.CacheControl)}" +
            $"&response-content-disposition={Uri.EscapeDataString(PhotoKeys.ContentDispositionOf(key))}" +
            $"&response-content-type={Uri.EscapeDataString(PhotoKeys.ContentTypeOf(key))}");
        var signed = await AWSSigV4Signer.PresignAsync(
            new AWSSigningRequest { HttpMethod = HttpMethod.Get, RequestUri = url },
            new AWSSigV4Parameters
            {
                // null: the SDK's default chain, as the client itself uses (Lambda's role).
                Credentials = settings.Credentials,
                Region = RegionEndpoint.GetBySystemName(settings.Region),
                Service = "s3",
                SignedAt = window.SignedAt(_clock.GetUtcNow()).UtcDateTime,
            },
            window.Lifetime, cancellationToken);
        return signed.Uri;
    }
}
