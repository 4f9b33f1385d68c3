using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Functions.Search;

/// <summary>The search function, declared once (see <see cref="FunctionDeclaration"/>).</summary>
public static class Declaration
{
    public static FunctionDeclaration Value { get; } = new()
    {
        Name = "search",
        Project = "Search",
        Trigger = HttpTrigger.Get("/search", RouteAuth.CognitoUserPool),
        Summary = "Search photos",
        Description = "Photos where every query word starts a word of the title, description, tags or owner; case- and accent-insensitive; newest first.",
        Request = SearchRequest.Schema,
        Successes = [new(200, typeof(SearchResponse), "One page of matches.")],
        Errors = [ErrorCode.NotAuthorized, ErrorCode.InvalidParameter, ErrorCode.InvalidCursor, ErrorCode.TooManyRequests, ErrorCode.UpstreamError],
        Access = FunctionAccess.Photos(["s3:GetObject"], FunctionAccess.Shown, listsObjects: false, ["dynamodb:Query", "dynamodb:BatchGetItem"]),
        Probe = new("/search?q={nonsense}", null, 200, ProbePhotos.None, "200 with no photos for nonsense"),
        Create = ports => new Function(ports.Store, ports.Index, ports.Limits).HandleAsync,
    };
}
