namespace PhotoGallery.Core.Contract;

// The JSON bodies of the HTTP contract (DESIGN §5), one record per response shape.

public sealed record CodeDeliveryJson(string Destination, string DeliveryMedium, string AttributeName);

public sealed record SignUpResponse(string Username, bool Confirmed, CodeDeliveryJson CodeDelivery);

public sealed record ConfirmEmailResponse(string Username, bool Confirmed);

public sealed record UserJson(string Username, string Name, string Email);

public sealed record LogInResponse(
    string IdToken, string AccessToken, string RefreshToken, int ExpiresIn, string TokenType, UserJson User);

public sealed record PhotoJson(
    string PhotoId,
    string Owner,
    string Title,
    string Description,
    IReadOnlyList<string> Tags,
    string ContentType,
    long Size,
    int? Width,
    int? Height,
    string CreatedAt,
    string ImageState,
    string? ImageProblem,
    string? ImageUrl,
    string? ThumbnailUrl,
    string? OriginalUrl);

public sealed record PhotoResponse(PhotoJson Photo);

public sealed record UploadJson(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string ExpiresAt);

public sealed record PendingPhotoResponse(PhotoJson Photo, UploadJson Upload);

public sealed record PhotoListResponse(IReadOnlyList<PhotoJson> Photos, string? NextCursor);

public sealed record SearchResponse(string Query, IReadOnlyList<PhotoJson> Photos, string? NextCursor);
