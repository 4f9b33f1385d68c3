using System.Net;
using System.Text;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

/// <summary>The Runtime API as a runtime sees it, over HTTP on loopback.</summary>
public sealed class RuntimeApiHostTests
{
    private RuntimeApiHost _host = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _host = await RuntimeApiHost.StartAsync(CancellationToken.None);
        _http = new HttpClient { BaseAddress = new Uri($"http://{_host.Address}/2018-06-01/runtime/") };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task Next_AnEvent_CarriesLambdasHeaders()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(3);
        var answer = _host.DeliverAsync(new PendingInvocation("req-1", "{\"a\":1}"u8.ToArray(), "arn:aws:lambda:eu-west-1:1:function:f", "Root=1-x", deadline));

        using var next = await _http.GetAsync(new Uri("invocation/next", UriKind.Relative));

        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").Single(), Is.EqualTo("req-1"));
        Assert.That(next.Headers.GetValues("Lambda-Runtime-Deadline-Ms").Single(), Is.EqualTo(deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(next.Headers.GetValues("Lambda-Runtime-Invoked-Function-Arn").Single(), Is.EqualTo("arn:aws:lambda:eu-west-1:1:function:f"));
        Assert.That(next.Headers.GetValues("Lambda-Runtime-Trace-Id").Single(), Is.EqualTo("Root=1-x"));
        Assert.That(await next.Content.ReadAsStringAsync(), Is.EqualTo("{\"a\":1}"));
        Assert.That(answer.IsCompleted, Is.False);
    }

    [Test]
    public async Task Response_ForTheEventHeld_IsAcceptedOnce()
    {
        var answer = _host.DeliverAsync(new PendingInvocation("req-1", [], "arn", "trace", DateTimeOffset.UtcNow.AddSeconds(3)));
        (await _http.GetAsync(new Uri("invocation/next", UriKind.Relative))).Dispose();

        using var first = await Post("invocation/req-1/response", "\"ok\"");
        using var again = await Post("invocation/req-1/response", "\"twice\"");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(Encoding.UTF8.GetString(((RuntimeResponse)await answer).Payload), Is.EqualTo("\"ok\""));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("InvalidRequestID"));
    }

    [Test]
    public async Task Error_UnknownRequestId_Is400()
    {
        using var response = await Post("invocation/nobody/error", "{}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Error_WithTheTypeHeader_ReachesTheInvocation()
    {
        var answer = _host.DeliverAsync(new PendingInvocation("req-1", [], "arn", "trace", DateTimeOffset.UtcNow.AddSeconds(3)));
        (await _http.GetAsync(new Uri("invocation/next", UriKind.Relative))).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Post, "invocation/req-1/error")
        {
            Content = new StringContent("""{"errorType":"FromBody","errorMessage":"boom"}"""),
        };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", "FromHeader");

        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(((RuntimeError)await answer).ErrorType, Is.EqualTo("FromHeader"));
    }

    [Test]
    public async Task InitError_BeforeTheFirstNext_IsAcceptedAndAfterItForbidden()
    {
        using var during = await Post("init/error", """{"errorType":"InvalidOperationException","errorMessage":"boom"}""");
        var posted = await _host.InitError;
        _ = _http.GetAsync(new Uri("invocation/next", UriKind.Relative));
        await _host.Ready;

        using var after = await Post("init/error", "{}");

        Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(posted.ErrorType, Is.EqualTo("InvalidOperationException"), "from the document when there is no header");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private Task<HttpResponseMessage> Post(string path, string body) =>
        _http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body));
}
