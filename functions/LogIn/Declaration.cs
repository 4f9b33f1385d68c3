using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Functions.LogIn;

/// <summary>The login function, declared once (see <see cref="FunctionDeclaration"/>).</summary>
public static class Declaration
{
    public static FunctionDeclaration Value { get; } = new()
    {
        Name = "login",
        Project = "LogIn",
        Trigger = HttpTrigger.Post("/login", RouteAuth.None),
        Summary = "Log in",
        Description = "Signs a confirmed user in. Send `idToken` in the Authorization header of every photo request.",
        Request = LogInRequest.Schema,
        Successes = [new(200, typeof(LogInResponse), "The tokens and who signed in.")],
        Errors = [ErrorCode.MalformedJson, ErrorCode.InvalidParameter, ErrorCode.NotAuthorized, ErrorCode.UserNotConfirmed,
            ErrorCode.TooManyRequests, ErrorCode.UpstreamError],
        Access = FunctionAccess.UserPoolOnly,
        Create = ports => new Function(ports.Users).HandleAsync,
    };
}
