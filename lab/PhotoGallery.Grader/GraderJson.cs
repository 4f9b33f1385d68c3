using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PhotoGallery.Grader;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(RubricFile))]
[JsonSerializable(typeof(GradeReport))]
internal sealed partial class GraderJson : JsonSerializerContext
{
    /// <summary>Reports keep text readable ("→", "é") instead of \u escapes.</summary>
    public static GraderJson Readable { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
