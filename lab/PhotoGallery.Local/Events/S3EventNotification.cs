using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PhotoGallery.Local.Events;

/// <summary>One object S3 reports as created, with what its event record says about it.</summary>
/// <param name="EventName"><c>ObjectCreated:Put</c>, <c>ObjectCreated:Copy</c>, <c>ObjectCreated:CompleteMultipartUpload</c>, …</param>
/// <param name="Key">The key itself; the event carries it URL-encoded (<see cref="S3EventNotification.EncodeKey"/>).</param>
/// <param name="ETag">The object's ETag without its quotes (for a single-part upload, the hex MD5 of its bytes).</param>
/// <param name="Sequencer">Orders the events of one key: a later event of the same key has a greater value (compare as hex of equal length).</param>
/// <param name="ConfigurationId">The id of the notification configuration that matched.</param>
/// <param name="PrincipalId">Who wrote the object (S3 writes <c>AWS:&lt;principal id&gt;</c>).</param>
public sealed record S3ObjectCreated(
    string EventName,
    string Region,
    string Bucket,
    string Key,
    long Size,
    string ETag,
    DateTimeOffset Time,
    string Sequencer,
    string ConfigurationId,
    string PrincipalId,
    string SourceIpAddress);

/// <summary>
/// The S3 event notification JSON exactly as S3 sends it to Lambda (event version 2.1,
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html):
/// one record per event, the key URL-encoded. The local host delivers it, and so does the rehearsal's S3.
/// </summary>
public static class S3EventNotification
{
    public const string Source = "aws:s3";
    public const string Put = "ObjectCreated:Put";
    public const string Copy = "ObjectCreated:Copy";
    public const string Post = "ObjectCreated:Post";
    public const string CompleteMultipartUpload = "ObjectCreated:CompleteMultipartUpload";

    public static byte[] Json(S3ObjectCreated created)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            json.WriteStartObject();
            json.WriteString("eventVersion", "2.1");
            json.WriteString("eventSource", Source);
            json.WriteString("awsRegion", created.Region);
            json.WriteString("eventTime", created.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("eventName", created.EventName);
            json.WriteStartObject("userIdentity");
            json.WriteString("principalId", created.PrincipalId);
            json.WriteEndObject();
            json.WriteStartObject("requestParameters");
            json.WriteString("sourceIPAddress", created.SourceIpAddress);
            json.WriteEndObject();
            json.WriteStartObject("responseElements");
            json.WriteString("x-amz-request-id", created.Sequencer[^16..]);
            json.WriteString("x-amz-id-2", Convert.ToBase64String(Encoding.UTF8.GetBytes(created.Sequencer + created.Key)));
            json.WriteEndObject();
            json.WriteStartObject("s3");
            json.WriteString("s3SchemaVersion", "1.0");
            json.WriteString("configurationId", created.ConfigurationId);
            json.WriteStartObject("bucket");
            json.WriteString("name", created.Bucket);
            json.WriteStartObject("ownerIdentity");
            json.WriteString("principalId", created.PrincipalId);
            json.WriteEndObject();
            json.WriteString("arn", $"arn:aws:s3:::{created.Bucket}");
            json.WriteEndObject();
            json.WriteStartObject("object");
            json.WriteString("key", EncodeKey(created.Key));
            json.WriteNumber("size", created.Size);
            json.WriteString("eTag", created.ETag);
            json.WriteString("sequencer", created.Sequencer);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A key as S3 writes it in an event: form-URL-encoded (a space becomes <c>+</c>, other reserved
    /// characters <c>%XX</c> of their UTF-8 bytes) with the <c>/</c> between folders left as it is.
    /// </summary>
    public static string EncodeKey(string key)
    {
        var encoded = new StringBuilder(key.Length);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '*') encoded.Append(c);
            else if (c == ' ') encoded.Append('+');
            else encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return encoded.ToString();
    }

    /// <summary>
    /// A sequencer as S3 writes it (18 hex digits): the event's millisecond, then <paramref name="counter"/>,
    /// so that events of one key made later, or in the same millisecond with a greater counter, sort after.
    /// </summary>
    public static string Sequencer(DateTimeOffset time, long counter) =>
        time.ToUnixTimeMilliseconds().ToString("X12", CultureInfo.InvariantCulture) + (counter & 0xFF_FFFF).ToString("X6", CultureInfo.InvariantCulture);
}
