namespace PhotoGallery.Core.Http;

/// <summary>The Lambda proxy response API Gateway turns back into HTTP.</summary>
public sealed record ApiResponse
{
    public int StatusCode { get; init; }
    public Dictionary<string, string>? Headers { get; init; }
    public Dictionary<string, List<string>>? MultiValueHeaders { get; init; }
    public string? Body { get; init; }
    public bool IsBase64Encoded { get; init; }
}
