using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Http;

/// <summary>RFC 9457 problem details, with a <c>code</c> member a program can test.</summary>
public sealed record Problem(string Type, string Title, int Status, string Code, string Detail)
{
    public string? RequestId { get; init; }

    public static Problem For(ErrorCode code, string detail)
    {
        var status = ErrorCodes.StatusOf(code);
        return new Problem("about:blank", ErrorCodes.TitleOf(status), status, code.ToString(), detail);
    }
}
