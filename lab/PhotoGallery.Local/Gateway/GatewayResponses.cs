using System.Text;
using Microsoft.AspNetCore.Http;
using PhotoGallery.Core.Http;

namespace PhotoGallery.Local.Gateway;

/// <summary>
/// The answers API Gateway gives itself, before or instead of a function: <c>{"message": "..."}</c> with
/// the status AWS uses. They carry CORS headers, as the deployed stack configures its gateway responses,
/// so a browser can read them.
/// </summary>
public static class GatewayResponses
{
    public static Task UnauthorizedAsync(HttpContext context, string message = "Unauthorized") => WriteAsync(context, 401, message);

    /// <summary>What API Gateway answers for a path or method it has no route for.</summary>
    public static Task MissingAuthenticationTokenAsync(HttpContext context) => WriteAsync(context, 403, "Missing Authentication Token");

    public static Task RequestTooLongAsync(HttpContext context) => WriteAsync(context, 413, "Request Too Long");

    public static Task InternalServerErrorAsync(HttpContext context) => WriteAsync(context, 502, "Internal server error");

    public static Task PreflightAsync(HttpContext context)
    {
        context.Response.StatusCode = 204;
        foreach (var (name, value) in Cors.PreflightHeaders()) context.Response.Headers[name] = value;
        return Task.CompletedTask;
    }

    private static async Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in Cors.ResponseHeaders()) context.Response.Headers[name] = value;
        context.Response.Headers["x-amzn-ErrorType"] = status switch
        {
            401 => "UnauthorizedException",
            403 => "MissingAuthenticationTokenException",
            413 => "RequestTooLongException",
            _ => "InternalServerErrorException",
        };
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($$"""{"message":"{{message}}"}"""));
    }
}
