using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Functions.ProcessPhoto;

/// <summary>The processphoto function, declared once (see <see cref="FunctionDeclaration"/>).</summary>
public static class Declaration
{
    public static FunctionDeclaration Value { get; } = new()
    {
        Name = "processphoto",
        Project = "ProcessPhoto",
        Trigger = new StorageTrigger(PhotoKeys.PhotosPrefix, [.. ImageTypes.Accepted.Select(type => $"/original.{ImageTypes.Extension(type)}")]),
        Summary = "Make a photo's images",
        Description = "On S3 ObjectCreated for a published original: decodes it, writes an upright thumbnail and display image " +
            "without any metadata, and records them (with the real width and height) on the photo; or records why it could not.",
        Successes = [],
        Errors = [],
        // Reads the original, writes the variants beside it, records the outcome on the photo item.
        Access = FunctionAccess.Photos(["s3:GetObject", "s3:PutObject"], FunctionAccess.Shown, listsObjects: false, ["dynamodb:UpdateItem"]),
        // Decoding a 24 MP photo needs room; see docs/performance.md for the measurements behind these.
        MemoryMb = 2048,
        Timeout = TimeSpan.FromSeconds(60),
        Create = ports => new Function(ports.Store, ports.Index, ports.Limits).HandleAsync,
    };
}
