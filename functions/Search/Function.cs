using PhotoGallery.Aws;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Search;
using PhotoGallery.Core.Services;

namespace PhotoGallery.Functions.Search;

/// <summary>
/// GET /search?q=…&amp;limit=…&amp;cursor=…: photos whose title, description, tags or owner have a word
/// starting with every word of the query ("sun bea" finds "Sunset at the beach"), ignoring case and
/// accents, newest first.
/// </summary>
public sealed class Function(IPhotoStore store, IPhotoIndex index, PhotoLimits limits)
{
    /// <summary>Lambda's constructor: the bucket and table named by the environment.</summary>
    public Function() : this(AwsBackend.PhotoStore(), AwsBackend.PhotoIndex(), PhotoLimits.FromEnvironment()) { }

    public Task<Stream> HandleAsync(Stream input) => LambdaEntryPoint.HandleAsync(input, HandleRequestAsync);

    public async Task<ApiResponse> HandleRequestAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request);
        var search = SearchRequest.From(request);

        var result = await index.SearchAsync(search.Query, search.Page, cancellationToken);

        var photos = await PhotoViews.ToJsonAsync(result.Photos, caller.Username, store, limits, cancellationToken);
        return Responses.Ok(new SearchResponse(search.Query.Text, photos, result.NextCursor), GalleryJson.Web.SearchResponse);
    }
}
