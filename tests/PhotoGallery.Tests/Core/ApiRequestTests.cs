using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Http;

namespace PhotoGallery.Tests.Core;

public sealed class ApiRequestTests
{
    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "apigw-rest-proxy-event.json");

    [Test]
    public void Deserialize_RecordedProxyEvent_EveryFieldTheFunctionsUse()
    {
        var request = JsonSerializer.Deserialize(File.ReadAllText(FixturePath), GalleryJson.Web.ApiRequest)!;

        Assert.That(request.RouteKey, Is.EqualTo("GET /photos/{photoId}"));
        Assert.That(request.PathParameter("photoId"), Is.EqualTo("01JD3ZK8Q2V7W4X9Y6T5R3P1NM"));
        Assert.That(request.QueryStringParameters, Is.Null);
        Assert.That(request.Header("authorization"), Does.StartWith("eyJ"));
        Assert.That(request.RequestId, Is.EqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef"));
        Assert.That(request.RequestContext!.Authorizer!.Claims!["cognito:username"], Is.EqualTo("alice"));
        Assert.That(request.RequestContext.RequestTimeEpoch, Is.EqualTo(1732263342123));
        Assert.That(request.RequestContext.Identity!.SourceIp, Is.EqualTo("203.0.113.7"));
    }

    [Test]
    public void Serialize_RoundTrip_SameFieldsAsRecorded()
    {
        var recorded = JsonDocument.Parse(File.ReadAllText(FixturePath)).RootElement;
        var request = JsonSerializer.Deserialize(recorded.GetRawText(), GalleryJson.Web.ApiRequest)!;

        var written = JsonDocument.Parse(JsonSerializer.Serialize(request, GalleryJson.Web.ApiRequest)).RootElement;

        Assert.That(written.EnumerateObject().Select(p => p.Name), Is.EqualTo(recorded.EnumerateObject().Select(p => p.Name)));
    }
}
