using PhotoGallery.Aws;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Services;

namespace PhotoGallery.Functions.GetPhotos;

/// <summary>
/// GET /photos?limit=24&amp;cursor=…: the shared gallery, newest first, one page at a time. Pass the
/// returned <c>nextCursor</c> back to get the next page; it is <c>null</c> on the last one.
/// </summary>
public sealed class Function(IPhotoStore store, IPhotoIndex index, PhotoLimits limits)
{
    /// <summary>Lambda's constructor: the bucket and table named by the environment.</summary>
    public Function() : this(AwsBackend.PhotoStore(), AwsBackend.PhotoIndex(), PhotoLimits.FromEnvironment()) { }

    public Task<Stream> HandleAsync(Stream input) => LambdaEntryPoint.HandleAsync(input, HandleRequestAsync);

    public async Task<ApiResponse> HandleRequestAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request);
        var list = PhotoListRequest.From(request);

        var result = await index.ListAsync(list.Page, cancellationToken);

        var photos = await PhotoViews.ToJsonAsync(result.Photos, caller.Username, store, limits, cancellationToken);
        return Responses.Ok(new PhotoListResponse(photos, result.NextCursor), GalleryJson.Web.PhotoListResponse);
    }
}
