using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Http;

/// <summary>The one place where the contract's error codes become HTTP: a status and its title per code.</summary>
public static class ErrorCodes
{
    public static int StatusOf(ErrorCode code) => code switch
    {
        ErrorCode.NotAuthorized => 401,
        ErrorCode.UserNotConfirmed or ErrorCode.Forbidden => 403,
        ErrorCode.UserNotFound or ErrorCode.PhotoNotFound => 404,
        ErrorCode.UsernameExists or ErrorCode.AlreadyConfirmed or ErrorCode.UploadIncomplete => 409,
        ErrorCode.PayloadTooLarge => 413,
        ErrorCode.TooManyRequests or ErrorCode.TooManyPendingPhotos => 429,
        ErrorCode.InternalError => 500,
        ErrorCode.UpstreamError => 502,
        _ => 400,
    };

    /// <summary>The RFC 9457 title: the status code's reason phrase.</summary>
    public static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Error",
    };
}
