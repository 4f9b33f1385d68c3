using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Functions.AddPhoto;

/// <summary>The addphoto function, declared once (see <see cref="FunctionDeclaration"/>).</summary>
public static class Declaration
{
    public static FunctionDeclaration Value { get; } = new()
    {
        Name = "addphoto",
        Project = "AddPhoto",
        Trigger = HttpTrigger.Post("/photos", RouteAuth.CognitoUserPool),
        Summary = "Add a photo",
        Description =
            $"With `image` (base64, up to {PhotoLimits.SizeText(PhotoLimits.DefaultMaxInlineBytes)}) stores the photo at once (201 PhotoResponse). " +
            "Without `image` creates a pending photo and returns a presigned POST (201 PendingPhotoResponse): send the bytes there as a form " +
            "with `upload.fields` (its policy binds the declared size: storage refuses a larger file), then send `{photoId, complete: true}` " +
            $"to make it visible (200 PhotoResponse). A user may have {PhotoLimits.DefaultMaxPendingPhotos} uploads open at once (429 TooManyPendingPhotos).",
        Request = AddPhotoRequest.Schema,
        Successes =
        [
            new(201, typeof(PhotoResponse), "Stored (inline image).", typeof(PendingPhotoResponse)),
            new(200, typeof(PhotoResponse), "The upload is complete and the photo is visible."),
        ],
        Errors = [ErrorCode.MalformedJson, ErrorCode.InvalidParameter, ErrorCode.UnsupportedImageType, ErrorCode.ImageTypeMismatch,
            ErrorCode.UploadMismatch, ErrorCode.NotAuthorized, ErrorCode.Forbidden, ErrorCode.PhotoNotFound, ErrorCode.UploadIncomplete,
            ErrorCode.PayloadTooLarge, ErrorCode.TooManyPendingPhotos, ErrorCode.TooManyRequests, ErrorCode.UpstreamError],
        // Upload URLs (presigned POSTs) need s3:PutObject on uploads/; completing reads uploads/ and copies to photos/ (GetObject
        // on the source, PutObject on the target); s3:ListBucket tells "not uploaded yet" from "forbidden".
        Access = FunctionAccess.Photos(["s3:PutObject", "s3:GetObject"], FunctionAccess.ShownAndUploaded, listsObjects: true,
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchWriteItem"]),
        // A presigned upload's completion copies up to 50 MiB inside S3.
        Timeout = TimeSpan.FromSeconds(30),
        Probe = new("/photos", "{}", 400, ProbePhotos.NotChecked, "400 for a photo without a title"),
        Create = ports => new Function(ports.Store, ports.Index, ports.Limits, ports.Clock).HandleAsync,
    };
}
