using System.Net.Http;
using System.Net.Sockets;
using NUnit.Framework;
using PhotoGallery.Grader;

namespace PhotoGallery.Tests.Grader;

/// <summary>
/// Why a request got no answer, as the grader says it: HttpClient's exceptions as SocketsHttpHandler chains them
/// (its message, then the transport's), without saying the same thing twice; and an answer that came to a second try.
/// </summary>
public sealed class ApiClientTests
{
    [Test]
    public void Reason_ResponseEnded_HttpClientsWordsThenTheTransports()
    {
        var failure = new HttpRequestException("An error occurred while sending the request.",
            new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        Assert.That(ApiClient.Reason(failure),
            Is.EqualTo("An error occurred while sending the request. (The response ended prematurely. (ResponseEnded))"));
    }

    [Test]
    public void Reason_ConnectionReset_TheSocketsWordsFromTheBottomOfTheChain()
    {
        var reset = new SocketException((int)SocketError.ConnectionReset);
        var failure = new HttpRequestException("An error occurred while sending the request.",
            new IOException("Unable to read data from the transport connection.", reset));

        Assert.That(ApiClient.Reason(failure), Is.EqualTo($"An error occurred while sending the request. ({reset.Message})"));
    }

    [Test]
    public void Reason_RefusedWithItsAddressInTheMessage_SaidOnce()
    {
        var refused = new SocketException((int)SocketError.ConnectionRefused);
        var failure = new HttpRequestException($"{refused.Message} (127.0.0.1:1)", refused);

        Assert.That(ApiClient.Reason(failure), Is.EqualTo($"{refused.Message} (127.0.0.1:1)"));
    }

    /// <summary>A POST the deployment carried out the first time may answer otherwise the second: the detail says it was a second try.</summary>
    [Test]
    public void Describe_AnswerToASecondTry_SaysWhyTheFirstGotNone()
    {
        var reply = new Exchange("POST", "/signup", 400, new Dictionary<string, string>(), "application/json", "{\"code\":\"UsernameExists\"}"u8.ToArray())
        {
            FirstTryDropped = "An error occurred while sending the request. (Connection reset by peer)",
        };

        Assert.That(reply.Describe(), Is.EqualTo(
            "POST /signup → 400 {\"code\":\"UsernameExists\"} (to a second try: the first got no answer, An error occurred while sending the request. (Connection reset by peer))"));
        Assert.That((reply with { FirstTryDropped = null }).Describe(), Is.EqualTo("POST /signup → 400 {\"code\":\"UsernameExists\"}"));
    }

    [Test]
    public void Reason_NoInnerException_TheMessage()
    {
        Assert.That(ApiClient.Reason(new HttpRequestException("No such host is known.")), Is.EqualTo("No such host is known."));
    }
}
