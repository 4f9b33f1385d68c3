using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PhotoGallery.Core.Contract;

namespace PhotoGallery.Core.Http;

/// <summary>
/// Source-generated serialization for the proxy event, the proxy response and the contract's bodies:
/// no reflection at run time, so cold starts stay short.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(ApiRequest))]
[JsonSerializable(typeof(ApiResponse))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(SignUpResponse))]
[JsonSerializable(typeof(ConfirmEmailResponse))]
[JsonSerializable(typeof(LogInResponse))]
[JsonSerializable(typeof(PhotoResponse))]
[JsonSerializable(typeof(PendingPhotoResponse))]
[JsonSerializable(typeof(PhotoListResponse))]
[JsonSerializable(typeof(SearchResponse))]
public sealed partial class GalleryJson : JsonSerializerContext
{
    /// <summary>
    /// The context every response uses: Web defaults (camelCase), and text left readable in curl's output
    /// ("Café", "&amp;" rather than "Caf\u00E9", "\u0026"). Bodies are JSON, never inlined into HTML.
    /// </summary>
    public static GalleryJson Web { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
