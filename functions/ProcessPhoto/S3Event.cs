using System.Text.Json.Serialization;

namespace PhotoGallery.Functions.ProcessPhoto;

// The S3 event notification Lambda receives (the fields processphoto reads), as S3 sends it:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html

public sealed record S3Event([property: JsonPropertyName("Records")] IReadOnlyList<S3EventRecord>? Records);

public sealed record S3EventRecord(string? EventName, S3Entity? S3);

public sealed record S3Entity(S3BucketEntity? Bucket, [property: JsonPropertyName("object")] S3ObjectEntity? StoredObject);

public sealed record S3BucketEntity(string? Name);

/// <param name="Key">URL-encoded, as in every S3 event (a space arrives as <c>+</c>).</param>
public sealed record S3ObjectEntity(string? Key, long? Size, string? ETag);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(S3Event))]
internal sealed partial class S3EventJson : JsonSerializerContext;
