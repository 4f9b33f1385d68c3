using PhotoGallery.Aws;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Services;

namespace PhotoGallery.Functions.GetPhoto;

/// <summary>GET /photos/{photoId}: one photo with short-lived image URLs. 404 PhotoNotFound for unknown or unfinished photos.</summary>
public sealed class Function(IPhotoStore store, IPhotoIndex index, PhotoLimits limits)
{
    /// <summary>Lambda's constructor: the bucket and table named by the environment.</summary>
    public Function() : this(AwsBackend.PhotoStore(), AwsBackend.PhotoIndex(), PhotoLimits.FromEnvironment()) { }

    public Task<Stream> HandleAsync(Stream input) => LambdaEntryPoint.HandleAsync(input, HandleRequestAsync);

    public async Task<ApiResponse> HandleRequestAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request);
        var photoId = PhotoRequest.From(request).PhotoId;

        var photo = await index.FindAsync(photoId, cancellationToken);
        if (photo is not { IsVisible: true })
            throw new GalleryException(ErrorCode.PhotoNotFound, $"There is no photo '{photoId}'.");

        var json = await PhotoViews.ToJsonAsync(photo, caller.Username, store, limits, cancellationToken);
        return Responses.Ok(new PhotoResponse(json), GalleryJson.Web.PhotoResponse);
    }
}
