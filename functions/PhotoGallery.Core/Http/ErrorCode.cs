namespace PhotoGallery.Core.Http;

/// <summary>
/// Every error the API reports. The name is the problem's <c>code</c>; <see cref="ErrorCodes.StatusOf"/>
/// gives its one HTTP status. Ports and validation throw <see cref="GalleryException"/> with one of these.
/// </summary>
public enum ErrorCode
{
    // 400
    MalformedJson,
    InvalidParameter,
    InvalidPassword,
    InvalidCursor,
    CodeMismatch,
    ExpiredCode,
    UnsupportedImageType,
    ImageTypeMismatch,
    UploadMismatch,

    // 401, 403
    NotAuthorized,
    UserNotConfirmed,
    Forbidden,

    // 404
    UserNotFound,
    PhotoNotFound,

    // 409
    UsernameExists,
    AlreadyConfirmed,
    UploadIncomplete,

    // 413, 429
    PayloadTooLarge,
    TooManyRequests,

    // 500, 502
    InternalError,
    UpstreamError,
}

public static class ErrorCodes
{
    public static int StatusOf(ErrorCode code) => code switch
    {
        ErrorCode.NotAuthorized => 401,
        ErrorCode.UserNotConfirmed or ErrorCode.Forbidden => 403,
        ErrorCode.UserNotFound or ErrorCode.PhotoNotFound => 404,
        ErrorCode.UsernameExists or ErrorCode.AlreadyConfirmed or ErrorCode.UploadIncomplete => 409,
        ErrorCode.PayloadTooLarge => 413,
        ErrorCode.TooManyRequests => 429,
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

/// <summary>
/// An expected failure with a message meant for the caller. The entry point turns it into a problem
/// response; anything else that escapes a function is a bug and becomes a 500 without details.
/// </summary>
public sealed class GalleryException(ErrorCode code, string detail) : Exception(detail)
{
    public ErrorCode Code { get; } = code;

    public int Status => ErrorCodes.StatusOf(Code);
}
