using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Http;
using PhotoGallery.Local.Gateway;

namespace PhotoGallery.Tests.Support;

/// <summary>A function's proxy response, with its JSON body parsed.</summary>
public sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The problem's <c>code</c> member, or <c>null</c> when the body is not a problem.</summary>
    public string? Code => Json.TryGetProperty("code", out var code) ? code.GetString() : null;

    public string Detail => Json.GetProperty("detail").GetString()!;

    public static async Task<Reply> InvokeAsync(LambdaHandler handler, ApiEvent proxyEvent)
    {
        await using var output = await handler(new MemoryStream(proxyEvent.ToJson()));
        var response = await JsonSerializer.DeserializeAsync(output, GalleryJson.Web.ApiResponse)
            ?? throw new AssertionException("The function wrote no proxy response.");
        return new Reply(response.StatusCode, response.Headers ?? [], response.Body ?? "");
    }

    /// <summary>Asserts a problem response: status, code, problem content type, CORS, and a detail that says something.</summary>
    public Reply ShouldBeProblem(int status, string code)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Status, Is.EqualTo(status), Body);
            Assert.That(Code, Is.EqualTo(code), Body);
            Assert.That(Headers["Content-Type"], Does.StartWith("application/problem+json"));
            Assert.That(Headers["Access-Control-Allow-Origin"], Is.EqualTo("*"));
            Assert.That(Json.GetProperty("status").GetInt32(), Is.EqualTo(status));
            Assert.That(Detail, Has.Length.GreaterThan(10));
        }
        return this;
    }

    public Reply ShouldBe(int status)
    {
        Assert.That(Status, Is.EqualTo(status), Body);
        Assert.That(Headers["Access-Control-Allow-Origin"], Is.EqualTo("*"));
        return this;
    }
}
