using System.Net;
using System.Text;
using NUnit.Framework;
using PhotoGallery.Aws;
using PhotoGallery.Aws.Users;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>
/// The JSON client's side of the wire: what it sends and how it reads Cognito's answers, checked against
/// bodies shaped as AWS sends them, served by a canned HTTP handler (our own client, not the AWS SDK).
/// </summary>
[TestFixture]
public sealed class CognitoIdentityClientTests
{
    private static readonly CognitoSettings Settings = new()
    {
        UserPoolId = "us-east-1_abc", ClientId = "client123", ClientSecret = "the-client-secret", Region = "us-east-1",
    };

    [Test]
    public void SecretHash_WithASecret_IsHmacSha256OfUsernameAndClientId()
    {
        var client = new CognitoIdentityClient(new HttpClient(), Settings);

        // Computed independently: base64(HMAC-SHA256("the-client-secret", "alice" + "client123")).
        Assert.That(client.SecretHash("alice"), Is.EqualTo("k3xbej/PMmikyPaFrW2544jw2I2D08Zil4OFJXwNllY="));
    }

    [Test]
    public void SecretHash_WithoutASecret_IsNull()
    {
        var client = new CognitoIdentityClient(new HttpClient(), Settings with { ClientSecret = null });

        Assert.That(client.SecretHash("alice"), Is.Null);
    }

    [Test]
    public async Task SignUpAsync_Always_PostsTheJsonApiCallToTheRegionalEndpoint()
    {
        var handler = new CannedHandler(HttpStatusCode.OK, """{"UserConfirmed":false,"UserSub":"x","CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}""");
        var pool = CognitoUserPool.Create(Settings, new HttpClient(handler));

        var delivery = await pool.SignUpAsync(new NewUser("alice", "Corr3ct-Horse!", "Alice", "alice@example.com"), default);

        Assert.That(delivery, Is.EqualTo(new CodeDelivery("a***@e***", "EMAIL", "email")));
        Assert.That(handler.Url, Is.EqualTo(new Uri("https://cognito-idp.us-east-1.amazonaws.com/")));
        Assert.That(handler.Target, Is.EqualTo("AWSCognitoIdentityProviderService.SignUp"));
        Assert.That(handler.ContentType, Is.EqualTo("application/x-amz-json-1.1"));
        Assert.That(handler.Body, Does.Contain("\"SecretHash\":\"k3xbej/PMmikyPaFrW2544jw2I2D08Zil4OFJXwNllY=\""));
        Assert.That(handler.Body, Does.Contain("{\"Name\":\"name\",\"Value\":\"Alice\"}"));
    }

    [TestCase("""{"__type":"UsernameExistsException","message":"User already exists"}""")]
    [TestCase("""{"__type":"com.amazonaws.cognito.identity.idp.model#UsernameExistsException","message":"User already exists"}""")]
    [TestCase("""{"__type":"UsernameExistsException:http://internal.amazon.com/coral/com.amazon.coral.validate/","Message":"User already exists"}""")]
    public async Task SignUpAsync_ErrorTypeInAnyOfCognitosShapes_IsRecognised(string body)
    {
        var pool = CognitoUserPool.Create(Settings, new HttpClient(new CannedHandler(HttpStatusCode.BadRequest, body)));

        var error = await Assert.ThrowsAsync<GalleryException>(() => pool.SignUpAsync(new NewUser("alice", "Corr3ct-Horse!", "Alice", "a@example.com"), default));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.UsernameExists));
    }

    [Test]
    public async Task SignInAsync_NotJsonBadGateway_GivesUpstreamError()
    {
        var pool = CognitoUserPool.Create(Settings, new HttpClient(new CannedHandler(HttpStatusCode.BadGateway, "<html>bad gateway</html>")));

        var error = await Assert.ThrowsAsync<GalleryException>(() => pool.SignInAsync("alice", "pw", default));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.UpstreamError));
    }

    [Test]
    public async Task SignInAsync_ChallengeInsteadOfTokens_GivesNotAuthorized()
    {
        var pool = CognitoUserPool.Create(Settings, new HttpClient(new CannedHandler(HttpStatusCode.OK, """{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"s"}""")));

        var error = await Assert.ThrowsAsync<GalleryException>(() => pool.SignInAsync("alice", "pw", default));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.NotAuthorized));
    }

    [Test]
    public void FromEnvironment_CognitoEndpointOverride_WinsOverTheGeneralOne()
    {
        var environment = new Dictionary<string, string>
        {
            [AwsSettings.UserPoolId] = "pool", [AwsSettings.UserPoolClientId] = "client", [AwsSettings.Region] = "eu-west-1",
            [AwsSettings.EndpointUrl] = "http://127.0.0.1:1/", [AwsSettings.CognitoEndpointUrl] = "http://127.0.0.1:2/",
        };

        var settings = CognitoSettings.FromEnvironment(environment.GetValueOrDefault);

        Assert.That(settings.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:2/")));
        Assert.That(settings.ClientSecret, Is.Null);
    }

    /// <summary>Answers every request with one canned response and remembers what was sent.</summary>
    private sealed class CannedHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public Uri? Url { get; private set; }
        public string? Target { get; private set; }
        public string? ContentType { get; private set; }
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Url = request.RequestUri;
            Target = request.Headers.GetValues("X-Amz-Target").Single();
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1") };
        }
    }
}
