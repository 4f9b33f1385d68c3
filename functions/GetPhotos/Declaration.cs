using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Functions.GetPhotos;

/// <summary>The getphotos function, declared once (see <see cref="FunctionDeclaration"/>).</summary>
public static class Declaration
{
    public static FunctionDeclaration Value { get; } = new()
    {
        Name = "getphotos",
        Project = "GetPhotos",
        Trigger = HttpTrigger.Get("/photos", RouteAuth.CognitoUserPool),
        Summary = "List photos",
        Description = "The shared gallery, newest first, one page at a time.",
        Request = PhotoListRequest.Schema,
        Successes = [new(200, typeof(PhotoListResponse), "One page; pass `nextCursor` back as `cursor` for the next (null on the last).")],
        Errors = [ErrorCode.NotAuthorized, ErrorCode.InvalidParameter, ErrorCode.InvalidCursor, ErrorCode.TooManyRequests, ErrorCode.UpstreamError],
        Access = FunctionAccess.Photos(["s3:GetObject"], FunctionAccess.Shown, listsObjects: false, ["dynamodb:Query"]),
        Probe = new("/photos?limit=5", null, 200, ProbePhotos.Some, "200 with the gallery's photos"),
        Create = ports => new Function(ports.Store, ports.Index, ports.Limits).HandleAsync,
    };
}
