using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Functions.ConfirmEmail;

/// <summary>The confirmemail function, declared once (see <see cref="FunctionDeclaration"/>).</summary>
public static class Declaration
{
    public static FunctionDeclaration Value { get; } = new()
    {
        Name = "confirmemail",
        Project = "ConfirmEmail",
        Trigger = HttpTrigger.Post("/confirmemail", RouteAuth.None),
        Summary = "Confirm the email",
        Description = "Confirms a new user with the code from their email.",
        Request = ConfirmEmailRequest.Schema,
        Successes = [new(200, typeof(ConfirmEmailResponse), "The user is confirmed and can log in.")],
        Errors = [ErrorCode.MalformedJson, ErrorCode.InvalidParameter, ErrorCode.CodeMismatch, ErrorCode.ExpiredCode,
            ErrorCode.NotAuthorized, ErrorCode.UserNotFound, ErrorCode.AlreadyConfirmed, ErrorCode.TooManyRequests, ErrorCode.UpstreamError],
        Access = FunctionAccess.UserPoolOnly,
        Create = ports => new Function(ports.Users).HandleAsync,
    };
}
