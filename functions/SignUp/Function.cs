using PhotoGallery.Aws;
using PhotoGallery.Core.Contract;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Json;
using PhotoGallery.Core.Ports;
using PhotoGallery.Core.Users;

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
        var body = JsonBody.Parse(request);
        var user = new NewUser(
            Username: body.RequiredString("username").Trim(),
            Password: body.RequiredString("password"),
            Name: body.RequiredString("name").Trim(),
            Email: body.RequiredString("email").Trim());
        UserRules.CheckUsername(user.Username);
        UserRules.CheckName(user.Name);
        UserRules.CheckEmail(user.Email);
        PasswordPolicy.Default.Check(user.Password);

        var delivery = await users.SignUpAsync(user, cancellationToken);

        var codeDelivery = new CodeDeliveryJson(delivery.Destination, delivery.DeliveryMedium, delivery.AttributeName);
        return Responses.Created(
            new SignUpResponse(user.Username, Confirmed: false, codeDelivery), GalleryJson.Web.SignUpResponse);
    }
}
