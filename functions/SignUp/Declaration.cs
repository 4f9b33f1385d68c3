using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Functions.SignUp;

/// <summary>The signup function, declared once (see <see cref="FunctionDeclaration"/>).</summary>
public static class Declaration
{
    public static FunctionDeclaration Value { get; } = new()
    {
        Name = "signup",
        Project = "SignUp",
        Trigger = HttpTrigger.Post("/signup", RouteAuth.None),
        Summary = "Sign up",
        Description = "Registers a user, who must then confirm the 6-digit code sent to their email.",
        Request = SignUpRequest.Schema,
        Successes = [new(201, typeof(SignUpResponse), "The user exists, unconfirmed; a code is on its way.")],
        Errors = [ErrorCode.MalformedJson, ErrorCode.InvalidParameter, ErrorCode.InvalidPassword, ErrorCode.UsernameExists,
            ErrorCode.TooManyRequests, ErrorCode.UpstreamError],
        Access = FunctionAccess.UserPoolOnly,
        Create = ports => new Function(ports.Users).HandleAsync,
    };
}
