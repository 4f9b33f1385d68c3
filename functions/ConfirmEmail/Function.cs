using PhotoGallery.Aws;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Users;

namespace PhotoGallery.Functions.ConfirmEmail;

/// <summary>
/// POST /confirmemail {username, code}: confirms a new user with the 6-digit code from their email.
/// 200 {username, confirmed:true}.
/// </summary>
public sealed class Function(IUserPool users)
{
    /// <summary>Lambda's constructor: the Cognito user pool named by the environment.</summary>
    public Function() : this(AwsBackend.UserPool()) { }

    public Task<Stream> HandleAsync(Stream input) => LambdaEntryPoint.HandleAsync(input, HandleRequestAsync);

    public async Task<ApiResponse> HandleRequestAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var confirmation = ConfirmEmailRequest.From(request);

        await users.ConfirmSignUpAsync(confirmation.Username, confirmation.Code, confirmation.Source, cancellationToken);

        return Responses.Ok(new ConfirmEmailResponse(confirmation.Username, Confirmed: true), GalleryJson.Web.ConfirmEmailResponse);
    }
}
