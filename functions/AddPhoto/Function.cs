using PhotoGallery.Aws;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Services;

namespace PhotoGallery.Functions.AddPhoto;

/// <summary>
/// POST /photos adds a photo, in one of two ways:
/// with <c>image</c> (base64, up to 4 MiB) it stores the bytes and answers 201 {photo};
/// without it, it saves a pending photo and answers 201 {photo, upload}: the client POSTs the bytes
/// to <c>upload.url</c> with <c>upload.fields</c> (a presigned POST that binds the declared size, so storage
/// refuses anything larger), then sends {photoId, complete:true} to make the photo visible (200 {photo}).
/// A user may have <see cref="PhotoLimits.MaxPendingPhotos"/> uploads open at once.
/// </summary>
public sealed class Function(IPhotoStore store, IPhotoIndex index, PhotoLimits limits, TimeProvider clock)
{
    /// <summary>Lambda's constructor: the bucket and table named by the environment.</summary>
    public Function()
        : this(AwsBackend.PhotoStore(), AwsBackend.PhotoIndex(), PhotoLimits.FromEnvironment(), TimeProvider.System) { }

    public Task<Stream> HandleAsync(Stream input) => LambdaEntryPoint.HandleAsync(input, HandleRequestAsync);

    public async Task<ApiResponse> HandleRequestAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request);
        var added = AddPhotoRequest.From(request, limits);
        if (added.CompletedPhotoId is { } photoId) return await CompleteAsync(caller, photoId, cancellationToken);

        var draft = added.Draft!;
        return draft.Image is null
            ? await StartUploadAsync(caller, draft, cancellationToken)
            : await StoreInlineAsync(caller, draft, draft.Image, cancellationToken);
    }

    private async Task<ApiResponse> StoreInlineAsync(Caller caller, PhotoDraft draft, byte[] image, CancellationToken cancellationToken)
    {
        var photo = NewPhoto(caller, draft) with
        {
            Status = PhotoStatus.Complete,
            Width = draft.ImageInfo?.Width,
            Height = draft.ImageInfo?.Height,
        };
        // Bytes first, catalog last: if anything fails part-way, no photo is listed or searchable.
        await store.PutAsync(PhotoKeys.Original(photo), image, photo.ContentType, cancellationToken);
        await index.SaveAsync(photo, cancellationToken);

        var json = await PhotoViews.ToJsonAsync(photo, caller.Username, store, limits, cancellationToken);
        return Responses.Created(new PhotoResponse(json), GalleryJson.Web.PhotoResponse);
    }

    private async Task<ApiResponse> StartUploadAsync(Caller caller, PhotoDraft draft, CancellationToken cancellationToken)
    {
        var photo = NewPhoto(caller, draft) with
        {
            Status = PhotoStatus.Pending,
            ExpiresAt = clock.GetUtcNow() + limits.PendingLifetime,
        };
        if (!await index.TryAddPendingAsync(photo, limits.OpenUploads, cancellationToken))
            throw new GalleryException(ErrorCode.TooManyPendingPhotos,
                $"You already have {limits.MaxPendingPhotos} uploads open, the most allowed at once: complete them, " +
                $"or wait until their upload links expire ({limits.UploadLifetime.TotalMinutes:0} minutes after they were made), then try again.");

        var upload = await store.PresignUploadAsync(
            PhotoKeys.Upload(photo), photo.ContentType, photo.Size, limits.UploadLifetime, cancellationToken);
        var json = await PhotoViews.ToJsonAsync(photo, caller.Username, store, limits, cancellationToken);
        return Responses.Created(
            new PendingPhotoResponse(json, PhotoViews.ToJson(upload)),
            GalleryJson.Web.PendingPhotoResponse);
    }

    private async Task<ApiResponse> CompleteAsync(Caller caller, string photoId, CancellationToken cancellationToken)
    {
        var photo = (PhotoId.IsValid(photoId) ? await index.FindAsync(photoId, cancellationToken) : null)
            ?? throw new GalleryException(ErrorCode.PhotoNotFound, $"There is no photo '{photoId}' waiting to be completed.");
        if (photo.Owner != caller.Username)
            throw new GalleryException(ErrorCode.Forbidden, "Only the user who started this upload can complete it.");
        if (!photo.IsVisible)
        {
            photo = await PhotoUploads.VerifyAsync(photo, store, cancellationToken);
            await index.SaveAsync(photo, cancellationToken);
        }

        var json = await PhotoViews.ToJsonAsync(photo, caller.Username, store, limits, cancellationToken);
        return Responses.Ok(new PhotoResponse(json), GalleryJson.Web.PhotoResponse);
    }

    private Photo NewPhoto(Caller caller, PhotoDraft draft)
    {
        var now = clock.GetUtcNow();
        return new Photo
        {
            PhotoId = PhotoId.New(now),
            Owner = caller.Username,
            Title = draft.Title,
            Description = draft.Description,
            Tags = draft.Tags,
            FileName = draft.FileName,
            ContentType = draft.ContentType,
            Size = draft.Size,
            CreatedAt = now,
        };
    }
}
