using PhotoGallery.Aws;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Requests;

namespace PhotoGallery.Functions.SignUp;

/// <summary>
/// POST /signup {username, password, name, email}: registers a user, who must then confirm the code
/// sent to their email. 201 {username, confirmed:false, codeDelivery}.
/// </summary>
public sealed class Function(IUserPool users)
{
    /// <summary>Lambda's constructor: the Cognito user pool named by the environment.</summary>
    public Function() : this(AwsBackend.UserPool()) { }

    /// <summary>The Lambda entry point (handler <c>SignUp::PhotoGallery.Functions.SignUp.Function::HandleAsync</c>).</summary>
    public Task<Stream> HandleAsync(Stream input) => LambdaEntryPoint.HandleAsync(input, HandleRequestAsync);

    public async Task<ApiResponse> HandleRequestAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var signUp = SignUpRequest.From(request);
        var user = new NewUser(signUp.Username, signUp.Password, signUp.Name, signUp.Email);

        var delivery = await users.SignUpAsync(user, cancellationToken);

        var codeDelivery = new CodeDeliveryJson(delivery.Destination, delivery.DeliveryMedium, delivery.AttributeName);
        return Responses.Created(
            new SignUpResponse(user.Username, Confirmed: false, codeDelivery), GalleryJson.Web.SignUpResponse);
    }
}
