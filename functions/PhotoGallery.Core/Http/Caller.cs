using PhotoGallery.Core.Errors;

namespace PhotoGallery.Core.Http;

/// <summary>
/// The signed-in user, read only from the claims the Cognito authorizer passed on. A username in a
/// request body is never trusted.
/// </summary>
public sealed record Caller(string Username, string Email, string Name)
{
    public static Caller From(ApiRequest request)
    {
        var claims = request.RequestContext?.Authorizer?.Claims;
        if (claims is null || !claims.TryGetValue("cognito:username", out var username) || string.IsNullOrEmpty(username))
            throw new GalleryException(ErrorCode.NotAuthorized, "Sign in first: this route needs a valid ID token.");
        return new Caller(username, claims.GetValueOrDefault("email", ""), claims.GetValueOrDefault("name", ""));
    }
}
