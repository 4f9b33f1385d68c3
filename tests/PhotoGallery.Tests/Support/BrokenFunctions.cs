using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Http;
using PhotoGallery.Local.Gateway;

namespace PhotoGallery.Tests.Support;

/// <summary>
/// Ways to break a function the way students do, by rewriting the event it gets or the response it
/// gives: the grader's tests deploy these in a local host and check the grader notices.
/// </summary>
public static class BrokenFunctions
{
    public static LambdaHandler Wrap(
        LambdaHandler inner, Func<ApiRequest, ApiRequest>? request = null, Func<ApiRequest, ApiResponse, ApiResponse>? response = null) =>
        async input =>
        {
            var proxyEvent = (await JsonSerializer.DeserializeAsync(input, GalleryJson.Web.ApiRequest))!;
            var changed = request?.Invoke(proxyEvent) ?? proxyEvent;
            await using var output = await inner(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(changed, GalleryJson.Web.ApiRequest)));
            var answer = (await JsonSerializer.DeserializeAsync(output, GalleryJson.Web.ApiResponse))!;
            var final = response?.Invoke(changed, answer) ?? answer;
            return new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(final, GalleryJson.Web.ApiResponse));
        };

    /// <summary>Rewrites the JSON body of a successful response (errors pass through untouched).</summary>
    public static ApiResponse EditBody(ApiResponse response, Action<JsonObject> edit)
    {
        if (response.StatusCode != 200 || JsonNode.Parse(response.Body ?? "null") is not JsonObject body) return response;
        edit(body);
        return response with { Body = body.ToJsonString() };
    }
}
