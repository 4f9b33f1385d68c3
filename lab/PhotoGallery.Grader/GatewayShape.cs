using System.Text.Json;

namespace PhotoGallery.Grader;

/// <summary>
/// Tells API Gateway's own answers from the function's, by their shape. API Gateway answers for itself
/// (no method, no stage, no valid token, throttled, the integration failed) with <c>{"message": "…"}</c>
/// and an <c>x-amzn-ErrorType</c> header (<c>UnauthorizedException</c>, <c>MissingAuthenticationTokenException</c>,
/// <c>ForbiddenException</c>, <c>TooManyRequestsException</c>, …); a gallery function answers with problem
/// details (<c>{"type","title","status","code","detail"}</c>). Both pass through API Gateway, so both carry
/// <c>x-amzn-RequestId</c> (and on AWS <c>x-amz-apigw-id</c>): those say "behind API Gateway", not "made by it".
/// </summary>
public static class GatewayShape
{
    /// <summary>
    /// Made by API Gateway: the <c>x-amzn-ErrorType</c> header it puts on its own answers, or (when something
    /// in between dropped headers) a body that is <c>{"message"}</c> and nothing else.
    /// </summary>
    public static bool FromGateway(this Exchange reply) =>
        reply.Status >= 400 && (reply.Header("x-amzn-ErrorType") is not null ? !reply.IsProblem() : OnlyMessage(reply));

    /// <summary>API Gateway has no method for this path and verb: 403 Missing Authentication Token (404/405 where a gateway is set up that way).</summary>
    public static bool NoSuchMethod(this Exchange reply) =>
        reply.FromGateway() &&
        (reply.Status is 404 or 405 ||
         (reply.Status == 403 && (reply.ErrorType() == "MissingAuthenticationTokenException" || reply.StringProperty("message") == "Missing Authentication Token")));

    /// <summary>API Gateway refused before choosing a method: a stage that does not exist, a resource policy, an API key.</summary>
    public static bool GatewayForbidden(this Exchange reply) =>
        reply.FromGateway() && reply.Status == 403 && !reply.NoSuchMethod();

    /// <summary>The Cognito authorizer refused the token (what a protected method must answer without a valid one).</summary>
    public static bool AuthorizerRefused(this Exchange reply) => reply.FromGateway() && reply.Status == 401;

    /// <summary>The function itself refused the caller: on AWS, a method without the authorizer (the function got no claims).</summary>
    public static bool FunctionRefused(this Exchange reply) => reply.Status == 401 && !reply.FromGateway();

    /// <summary>The stage's (or account's) throttle: 429 Too Many Requests.</summary>
    public static bool Throttled(this Exchange reply) => reply.FromGateway() && reply.Status == 429;

    /// <summary>The error type API Gateway named, without the trailing <c>:</c> some services add.</summary>
    public static string? ErrorType(this Exchange reply) => reply.Header("x-amzn-ErrorType")?.Split(':')[0].Trim();

    /// <summary>A problem document, as the gallery's functions write them (<c>code</c> or <c>title</c>+<c>status</c>).</summary>
    public static bool IsProblem(this Exchange reply) =>
        reply.Json is { ValueKind: JsonValueKind.Object } json &&
        (json.TryGetProperty("code", out _) || (json.TryGetProperty("title", out _) && json.TryGetProperty("status", out _)));

    /// <summary>"API Gateway's own answer (MissingAuthenticationTokenException)" or "the function's answer", for reports.</summary>
    public static string Who(this Exchange reply) =>
        reply.FromGateway() ? $"API Gateway's own answer{(reply.ErrorType() is { } type ? $" ({type})" : "")}" : "the function's answer";

    private static bool OnlyMessage(Exchange reply) =>
        reply.Json is { ValueKind: JsonValueKind.Object } json &&
        json.EnumerateObject().Select(p => p.Name).SequenceEqual(["message"]) &&
        json.GetProperty("message").ValueKind == JsonValueKind.String;
}
