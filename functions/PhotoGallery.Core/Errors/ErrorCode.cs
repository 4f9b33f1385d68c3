namespace PhotoGallery.Core.Errors;

/// <summary>
/// Every error the API reports. The name is the problem's <c>code</c>; <c>ErrorCodes.StatusOf</c>
/// (the HTTP layer, the one place that maps them) gives its one HTTP status. Ports and validation throw <see cref="GalleryException"/> with one of these.
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
    TooManyPendingPhotos,

    // 500, 502
    InternalError,
    UpstreamError,
}
