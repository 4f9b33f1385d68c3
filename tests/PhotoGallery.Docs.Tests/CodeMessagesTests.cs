using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Aws;
using PhotoGallery.Aws.Users;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Docs.Tests.Support;
using PhotoGallery.Functions;
using PhotoGallery.Core.Requests;

namespace PhotoGallery.Docs.Tests;

/// <summary>
/// The messages the troubleshooting page and the guide quote, produced by the code itself: when a
/// message changes in the code, the page that tells students what they will see must change too.
/// </summary>
public sealed class CodeMessagesTests
{
    private static readonly string Troubleshooting = File.ReadAllText(Path.Combine(Repository.Docs, "troubleshooting.md"));

    private static string Page(string relative) => File.ReadAllText(Path.Combine(Repository.Docs, relative));

    [Test]
    public void MissingConfiguration_Message_TheOneAwsSettingsThrows()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsSettings.Required(AwsSettings.PhotosTable, _ => null))!;

        Assert.That(Troubleshooting, Does.Contain($"{error.GetType().FullName}: {error.Message}"));
        Assert.That(error.Message, Does.Contain("docs/troubleshooting.md"));
        Assert.That(File.Exists(Path.Combine(Repository.Root, "docs", "troubleshooting.md")), Is.True);
    }

    [Test]
    public void MissingConfiguration_Variables_EveryOneTheAdaptersRead()
    {
        var variables = typeof(AwsSettings).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        foreach (var variable in variables) Assert.That(Troubleshooting, Does.Contain($"`{variable}`"), variable);
    }

    [Test]
    public void SecretHash_SignUpAndLogIn_AnswerAsThePageSays()
    {
        var signUp = new CognitoException("SignUp", "NotAuthorizedException", "Unable to verify secret hash for client 4bq5qotn1hmrlil7k760cmcqll", HttpStatusCode.BadRequest);
        var logIn = new CognitoException("InitiateAuth", "NotAuthorizedException", "Unable to verify secret hash for client 4bq5qotn1hmrlil7k760cmcqll", HttpStatusCode.BadRequest);

        Assert.That(CognitoErrors.Map(signUp), Is.Null, "Unmapped: the function answers 500 and logs the exception.");
        Assert.That(CognitoErrors.Map(logIn), Is.Null, "Not a wrong password: the same 500 and log line.");
        Assert.That(Troubleshooting, Does.Contain($"\"error\":\"{signUp.GetType().FullName}: {signUp.Message}\""));
        Assert.That(Troubleshooting, Does.Contain("`POST /login` and `POST /confirmemail` answer the same way"));
    }

    [Test]
    public void RegionMismatch_UnknownPool_UnmappedAndLoggedAsThePageSays()
    {
        var error = new CognitoException("SignUp", "ResourceNotFoundException", "User pool eu-west-1_AbCdEf123 does not exist.", HttpStatusCode.BadRequest);

        Assert.That(CognitoErrors.Map(error), Is.Null);
        Assert.That(Troubleshooting, Does.Contain(error.Message));
    }

    [Test]
    public void UserNotConfirmed_Detail_TheOneCognitoAndTheLocalPoolGive()
    {
        var mapped = CognitoErrors.Map(new CognitoException("InitiateAuth", "UserNotConfirmedException", "User is not confirmed.", HttpStatusCode.BadRequest))!;
        var problem = Problem.For(mapped.Code, mapped.Message);

        Assert.That(Troubleshooting, Does.Contain($"\"status\":{problem.Status},\"code\":\"{problem.Code}\",\"detail\":\"{problem.Detail}\""));
        Assert.That(Page("api.md"), Does.Contain($"\"detail\": \"{problem.Detail}\""));
    }

    [Test]
    public void PasswordAuthFlowOff_LogIn_AnswersInvalidParameterWithCognitosWords()
    {
        var mapped = CognitoErrors.Map(new CognitoException("InitiateAuth", "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client", HttpStatusCode.BadRequest))!;

        Assert.That(mapped.Code, Is.EqualTo(ErrorCode.InvalidParameter));
        Assert.That(Page("lab/04-user-pool.md"), Does.Contain($"`{ErrorCodes.StatusOf(mapped.Code)}` with code `{mapped.Code}` and\n  the detail `{mapped.Message}`"));
    }

    [TestCase("image")]
    [TestCase("thumbnail")]
    public void InlineBytesTooLarge_Detail_TheOnePhotoDraftGives(string field)
    {
        var max = field == "image" ? PhotoLimits.Default.MaxInlineBytes : PhotoLimits.Default.MaxThumbnailBytes;
        var bytes = Convert.ToBase64String(new byte[max + 1]);
        var request = new ApiRequest
        {
            HttpMethod = "POST",
            Body = $$"""{"title":"Big","fileName":"big.png","contentType":"image/png","size":{{max + 1}},"{{field}}":"{{bytes}}"}""",
        };

        var error = Assert.Throws<GalleryException>(() => AddPhotoRequest.From(request, PhotoLimits.Default))!;

        Assert.That(error.Code, Is.EqualTo(ErrorCode.PayloadTooLarge));
        Assert.That(Troubleshooting, Does.Contain($"\"code\":\"PayloadTooLarge\",\"detail\":\"{error.Message}\""));
    }

    [Test]
    public async Task EventOverSixMegabytes_LocalGateway_Answers413AndSaysWhy()
    {
        using var console = new StringWriter();
        await using var gallery = await LocalGallery.StartAsync(TextWriter.Synchronized(console));
        using var http = new HttpClient { BaseAddress = gallery.BaseUrl };
        var body = $$"""{"username":"{{new string('a', 7 * 1024 * 1024)}}"}""";

        using var response = await http.PostAsync(new Uri("/signup", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"message":"Request Too Long"}"""));
        var note = console.ToString().Trim();
        Assert.That(note, Does.StartWith("[gateway] POST /signup: the event is "));
        var documented = Troubleshooting[Troubleshooting.IndexOf("[gateway] POST /photos: the event is", StringComparison.Ordinal)..];
        Assert.That(documented, Does.StartWith("[gateway] POST /photos: the event is … bytes, " + note[(note.IndexOf(" bytes, ", StringComparison.Ordinal) + " bytes, ".Length)..]));
    }

    [Test]
    public async Task ProxyIntegrationOff_BodyAsTheEvent_AnswersWhatTheGuideQuotes()
    {
        await using var gallery = await LocalGallery.StartAsync();

        var answer = JsonNode.Parse(await gallery.InvokeAsync("signup", """{"username":"alice","password":"Corr3ct-Horse!"}"""))!;

        Assert.That(answer["statusCode"]!.GetValue<int>(), Is.EqualTo(400));
        var problem = JsonNode.Parse(answer["body"]!.GetValue<string>())!;
        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("MalformedJson"));
        Assert.That(Page("lab/07-rest-api.md"), Does.Contain($"`{problem["detail"]!.GetValue<string>()}`"));
    }

    [Test]
    public void Sections_EveryTopicStudentsHit_HasSymptomCauseAndFix()
    {
        var sections = Troubleshooting.Split("\n## ").Skip(1).ToDictionary(s => s[..s.IndexOf('\n', StringComparison.Ordinal)], s => s);
        string[] topics =
        [
            "CORS errors and the 401 on the preflight", "\"Unable to verify secret hash for client\"", "413 Request Too Long and the 6 MB Lambda limit",
            "Binary media types", "User not confirmed", "Expired tokens", "Wrong handler string", "Runtime.ExitError: exit status 106",
            "AccessDenied in a function's log", "Missing configuration", "Region mismatch",
        ];

        Assert.That(sections.Keys, Is.SupersetOf(topics));
        foreach (var topic in topics)
        {
            Assert.That(sections[topic], Does.Contain("**Symptom.**").And.Contain("**Cause.**").And.Contain("**Fix.**"), topic);
        }
    }

    [Test]
    public void WrongHandler_Table_EveryRoutesHandler()
    {
        var rows = AwsCliExamplesTests.TableRows(Path.Combine(Repository.Docs, "troubleshooting.md"))
            .Where(r => r.Length == 2 && r[1].Contains("::", StringComparison.Ordinal))
            .ToDictionary(r => r[0], r => r[1].Trim('`'));

        Assert.That(rows, Is.EquivalentTo(PhotoGallery.Functions.RouteTable.All.ToDictionary(r => r.Name, r => r.Handler)));
    }
}
