using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Http;

/// <summary>Every response a function returns is built here: JSON bodies, problem details, CORS headers.</summary>
public static class Responses
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    public static ApiResponse Ok<T>(T body, JsonTypeInfo<T> type) => Json(200, body, type);

    public static ApiResponse Created<T>(T body, JsonTypeInfo<T> type) => Json(201, body, type);

    public static ApiResponse Problem(ErrorCode code, string detail, string? requestId = null)
    {
        var problem = Http.Problem.For(code, detail) with { RequestId = requestId };
        return new ApiResponse
        {
            StatusCode = problem.Status,
            Headers = HeadersFor(ProblemContentType),
            Body = JsonSerializer.Serialize(problem, GalleryJson.Web.Problem),
        };
    }

    /// <summary>A bug, not a bad request: the caller learns only the request id to quote.</summary>
    public static ApiResponse InternalError(string requestId) => Problem(
        ErrorCode.InternalError,
        $"Something went wrong on our side. Quote request id {requestId} if you report it.",
        requestId);

    private static ApiResponse Json<T>(int status, T body, JsonTypeInfo<T> type) => new()
    {
        StatusCode = status,
        Headers = HeadersFor(JsonContentType),
        Body = JsonSerializer.Serialize(body, type),
    };

    private static Dictionary<string, string> HeadersFor(string contentType)
    {
        var headers = new Dictionary<string, string>(Cors.ResponseHeaders()) { ["Content-Type"] = contentType };
        return headers;
    }
}
