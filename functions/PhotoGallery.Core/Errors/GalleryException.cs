namespace PhotoGallery.Core.Errors;

/// <summary>
/// An expected failure with a message meant for the caller: a domain rule or a port said no. The HTTP entry
/// point turns it into a problem response; anything else that escapes a function is a bug and becomes a 500 without details.
/// </summary>
public sealed class GalleryException(ErrorCode code, string detail) : Exception(detail)
{
    public ErrorCode Code { get; } = code;
}
