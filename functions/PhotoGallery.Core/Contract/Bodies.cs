using System.ComponentModel;

namespace PhotoGallery.Core.Contract;

// The JSON bodies of the HTTP contract (DESIGN §5), one record per response shape.

public sealed record CodeDeliveryJson(string Destination, string DeliveryMedium, string AttributeName);

public sealed record SignUpResponse(string Username, bool Confirmed, CodeDeliveryJson CodeDelivery);

public sealed record ConfirmEmailResponse(string Username, bool Confirmed);

public sealed record UserJson(string Username, string Name, string Email);

public sealed record LogInResponse(
    string IdToken, string AccessToken, string RefreshToken, int ExpiresIn, string TokenType, UserJson User);

[Description("A photo as one user sees it. Everyone gets the server-made images; only the photo's owner gets the original " +
    "(it keeps the camera's metadata, GPS position included) and the reason its images could not be made.")]
public sealed record PhotoJson(
    string PhotoId,
    string Owner,
    string Title,
    string Description,
    IReadOnlyList<string> Tags,
    string ContentType,
    long Size,
    [property: Description("Pixels: from the file's header, then the real, upright size once the images are made; null until a presigned upload is complete.")]
    int? Width,
    int? Height,
    string CreatedAt,
    [property: Description("processing (the images are being made), ready (they are) or failed (the file could not be made into images).")]
    string ImageState,
    [property: Description("Why the images could not be made, for the photo's owner only; null otherwise and for everyone else.")]
    string? ImageProblem,
    [property: Description("The display image (about 1600 px on its long side), a JPEG made by the server; null until imageState is ready. Signed per hour, so it repeats and can be cached.")]
    string? ImageUrl,
    [property: Description("The grid's thumbnail, a JPEG made by the server; null until imageState is ready. Never the original.")]
    string? ThumbnailUrl,
    [property: Description("The file as uploaded, for the photo's owner only (null for everyone else, and until an upload is complete).")]
    string? OriginalUrl);

public sealed record PhotoResponse(PhotoJson Photo);

public sealed record UploadJson(
    [property: Description("POST: an HTML form upload (multipart/form-data), as S3 takes it.")]
    string Method,
    string Url,
    [property: Description("Send every field, in this order, then the file as the last part, named `file`. The signed policy binds the key, the content type and the size: storage refuses anything else.")]
    IReadOnlyDictionary<string, string> Fields,
    string ExpiresAt);

public sealed record PendingPhotoResponse(PhotoJson Photo, UploadJson Upload);

public sealed record PhotoListResponse(IReadOnlyList<PhotoJson> Photos, string? NextCursor);

public sealed record SearchResponse(string Query, IReadOnlyList<PhotoJson> Photos, string? NextCursor);
