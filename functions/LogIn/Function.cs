using PhotoGallery.Aws;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Requests;

namespace PhotoGallery.Functions.LogIn;

/// <summary>
/// POST /login {username, password}: signs a confirmed user in and returns the tokens (the original lab
/// threw them away). The ID token goes in the Authorization header of every photo request.
/// </summary>
public sealed class Function(IUserPool users)
{
    /// <summary>Lambda's constructor: the Cognito user pool named by the environment.</summary>
    public Function() : this(AwsBackend.UserPool()) { }

    public Task<Stream> HandleAsync(Stream input) => LambdaEntryPoint.HandleAsync(input, HandleRequestAsync);

    public async Task<ApiResponse> HandleRequestAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var login = LogInRequest.From(request);

        var session = await users.SignInAsync(login.Username, login.Password, cancellationToken);

        var user = new UserJson(session.User.Username, session.User.Name, session.User.Email);
        return Responses.Ok(
            new LogInResponse(session.IdToken, session.AccessToken, session.RefreshToken,
                (int)session.ExpiresIn.TotalSeconds, session.TokenType, user),
            GalleryJson.Web.LogInResponse);
    }
}
