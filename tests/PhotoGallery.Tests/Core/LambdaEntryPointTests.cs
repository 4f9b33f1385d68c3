using System.Text;
using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Core;

public sealed class LambdaEntryPointTests
{
    private static async Task<(ApiResponse Response, string Log)> RunAsync(
        byte[] input, Func<ApiRequest, CancellationToken, Task<ApiResponse>> handle)
    {
        var log = new StringWriter();
        await using var output = await LambdaEntryPoint.HandleAsync(new MemoryStream(input), handle, log);
        var response = await JsonSerializer.DeserializeAsync(output, GalleryJson.Web.ApiResponse);
        return (response!, log.ToString());
    }

    private static byte[] SomeEvent(out string requestId)
    {
        var proxyEvent = ApiEvent.For("getphotos").AsUser("alice").Build();
        requestId = proxyEvent.RequestId;
        return JsonSerializer.SerializeToUtf8Bytes(proxyEvent, GalleryJson.Web.ApiRequest);
    }

    [Test]
    public async Task HandleAsync_HandlerThrowsABug_500WithRequestIdAndNoExceptionText()
    {
        var (response, log) = await RunAsync(SomeEvent(out var requestId),
            (_, _) => throw new InvalidOperationException("secret connection string xyz"));

        Assert.That(response.StatusCode, Is.EqualTo(500));
        Assert.That(response.Body, Does.Not.Contain("secret").And.Not.Contain("InvalidOperationException"));
        var problem = JsonDocument.Parse(response.Body!).RootElement;
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("InternalError"));
        Assert.That(problem.GetProperty("requestId").GetString(), Is.EqualTo(requestId));
        Assert.That(response.Headers!["Access-Control-Allow-Origin"], Is.EqualTo("*"));
        Assert.That(log, Does.Contain("secret connection string xyz"), "the log keeps what the caller must not see");
    }

    [Test]
    public async Task HandleAsync_AnyRequest_OneJsonLogLineWithRequestIdRouteStatusDuration()
    {
        var (_, log) = await RunAsync(SomeEvent(out var requestId),
            (_, _) => Task.FromResult(Responses.Problem(ErrorCode.PhotoNotFound, "There is no such photo here.")));

        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        var line = JsonDocument.Parse(lines[0]).RootElement;
        Assert.That(line.GetProperty("requestId").GetString(), Is.EqualTo(requestId));
        Assert.That(line.GetProperty("route").GetString(), Is.EqualTo("GET /photos"));
        Assert.That(line.GetProperty("status").GetInt32(), Is.EqualTo(404));
        Assert.That(line.GetProperty("durationMs").GetDouble(), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public async Task HandleAsync_HandlerThrowsGalleryException_ProblemWithItsCode()
    {
        var (response, _) = await RunAsync(SomeEvent(out _),
            (_, _) => throw new GalleryException(ErrorCode.UsernameExists, "That username is taken."));

        Assert.That(response.StatusCode, Is.EqualTo(409));
        var problem = JsonDocument.Parse(response.Body!).RootElement;
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("about:blank"));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Conflict"));
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("UsernameExists"));
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("That username is taken."));
        Assert.That(response.Headers!["Content-Type"], Does.StartWith("application/problem+json"));
    }

    [TestCase("not json at all")]
    [TestCase("[1,2,3]")]
    [TestCase("{\"hello\":\"world\"}")]
    [TestCase("{\"httpMethod\":\"GET\",\"queryStringParameters\":{\"q\":\"\\ud800\"}}")]
    [TestCase("{\"httpMethod\":\"POST\",\"body\":\"{\\\"title\\\":\\\"\\ud800\\\"}\"}")]
    public async Task HandleAsync_PayloadIsNotAProxyEvent_400(string payload)
    {
        var called = false;
        var (response, _) = await RunAsync(Encoding.UTF8.GetBytes(payload), (_, _) =>
        {
            called = true;
            return Task.FromResult(new ApiResponse { StatusCode = 200 });
        });

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(called, Is.False);
    }

    [Test]
    public async Task HandleAsync_Success_ResponseAsWritten()
    {
        var (response, _) = await RunAsync(SomeEvent(out _),
            (_, _) => Task.FromResult(Responses.Ok(new PhotoGallery.Core.Contract.ConfirmEmailResponse("bob", true), GalleryJson.Web.ConfirmEmailResponse)));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Body, Is.EqualTo("""{"username":"bob","confirmed":true}"""));
        Assert.That(response.Headers!["Access-Control-Allow-Methods"], Does.Contain("POST"));
    }
}
