using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Gateway;

/// <summary>
/// An answer API Gateway gives itself instead of the integration's: its gateway response type (whose
/// template-declared headers it carries), status, <c>{"message": ...}</c> and <c>x-amzn-ErrorType</c>.
/// </summary>
/// <param name="ResponseType"><c>null</c> for an answer given before any API is chosen (an unknown stage): no gateway response applies.</param>
public sealed record GatewayAnswer(string? ResponseType, int Status, string Message, string ErrorType)
{
    /// <summary>The path names no stage of the API; API Gateway cannot tell which API's responses to use.</summary>
    public static GatewayAnswer UnknownStage { get; } = new(null, 403, "Forbidden", "ForbiddenException");

    public static GatewayAnswer MissingAuthenticationToken { get; } =
        new("MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", "MissingAuthenticationTokenException");

    public static GatewayAnswer Unauthorized(string message) => new("UNAUTHORIZED", 401, message, "UnauthorizedException");

    public static GatewayAnswer RequestTooLarge { get; } = new("REQUEST_TOO_LARGE", 413, "Request Too Long", "RequestTooLongException");

    /// <summary>The authorizer cannot work (no authorizer on a protected method, the pool's keys out of reach).</summary>
    public static GatewayAnswer AuthorizerConfigurationError { get; } =
        new("AUTHORIZER_CONFIGURATION_ERROR", 500, "Internal server error", "InternalServerErrorException");

    /// <summary>The integration cannot be called: no Lambda permission for this API, an integration type not rehearsed.</summary>
    public static GatewayAnswer ApiConfigurationError { get; } =
        new("API_CONFIGURATION_ERROR", 500, "Internal server error", "InternalServerErrorException");

    /// <summary>The function failed, or answered something that is not a proxy response.</summary>
    public static GatewayAnswer BadGateway { get; } = new("DEFAULT_5XX", 502, "Internal server error", "InternalServerErrorException");

    public static GatewayAnswer IntegrationTimeout { get; } =
        new("INTEGRATION_TIMEOUT", 504, "Endpoint request timed out", "InternalServerErrorException");

    /// <summary>
    /// The gateway response the template declares for this answer: its own type's, else DEFAULT_4XX or
    /// DEFAULT_5XX by status, else none (then the answer carries no extra headers, as on AWS).
    /// </summary>
    public GatewayResponseModel? DeclaredResponse(IReadOnlyList<GatewayResponseModel> declared)
    {
        if (ResponseType is null) return null;
        return declared.FirstOrDefault(r => r.ResponseType == ResponseType)
            ?? declared.FirstOrDefault(r => r.ResponseType == (Status < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX"));
    }
}
