using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Functions.GetPhoto;

/// <summary>The getphoto function, declared once (see <see cref="FunctionDeclaration"/>).</summary>
public static class Declaration
{
    public static FunctionDeclaration Value { get; } = new()
    {
        Name = "getphoto",
        Project = "GetPhoto",
        Trigger = HttpTrigger.Get("/photos/{photoId}", RouteAuth.CognitoUserPool),
        Summary = "Get one photo",
        Description = "One photo with short-lived image URLs. Pending (unfinished) photos are not found.",
        Request = PhotoRequest.Schema,
        Successes = [new(200, typeof(PhotoResponse), "The photo.")],
        Errors = [ErrorCode.NotAuthorized, ErrorCode.InvalidParameter, ErrorCode.PhotoNotFound, ErrorCode.TooManyRequests, ErrorCode.UpstreamError],
        Access = FunctionAccess.Photos(["s3:GetObject"], FunctionAccess.Shown, listsObjects: false, ["dynamodb:GetItem"]),
        Probe = new("/photos/{photoId}", null, 404, ProbePhotos.NotChecked, "a JSON 404 for a photo id nobody has"),
        Create = ports => new Function(ports.Store, ports.Index, ports.Limits).HandleAsync,
    };
}
