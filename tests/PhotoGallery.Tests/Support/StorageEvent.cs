using System.Net;
using System.Text.Json.Nodes;

namespace PhotoGallery.Tests.Support;

/// <summary>
/// S3 event notifications as S3 delivers them to Lambda (event structure 2.1): one record per object, the
/// key URL-encoded the way S3 encodes it ("red flower.jpg" arrives as "red+flower.jpg", '/' kept).
/// </summary>
public static class StorageEvent
{
    public const string Bucket = "photogallery-photos-123456789012";

    public static string ObjectCreated(string key, long size, string eventName = "ObjectCreated:Put") =>
        new JsonObject { ["Records"] = new JsonArray(Record(key, size, eventName)) }.ToJsonString();

    public static string Of(params JsonObject[] records) => new JsonObject { ["Records"] = new JsonArray(records) }.ToJsonString();

    public static JsonObject Record(string key, long size, string eventName = "ObjectCreated:Put") => new()
    {
        ["eventVersion"] = "2.1",
        ["eventSource"] = "aws:s3",
        ["awsRegion"] = "us-east-1",
        ["eventTime"] = "2026-11-22T08:00:00.123Z",
        ["eventName"] = eventName,
        ["userIdentity"] = new JsonObject { ["principalId"] = "AWS:AROAEXAMPLE:addphoto" },
        ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = "203.0.113.10" },
        ["responseElements"] = new JsonObject { ["x-amz-request-id"] = "C3D13FE58DE4C810", ["x-amz-id-2"] = "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD" },
        ["s3"] = new JsonObject
        {
            ["s3SchemaVersion"] = "1.0",
            ["configurationId"] = "processphoto",
            ["bucket"] = new JsonObject
            {
                ["name"] = Bucket,
                ["ownerIdentity"] = new JsonObject { ["principalId"] = "A3NL1KOZZKExample" },
                ["arn"] = $"arn:aws:s3:::{Bucket}",
            },
            ["object"] = new JsonObject
            {
                ["key"] = string.Join('/', key.Split('/').Select(WebUtility.UrlEncode)),
                ["size"] = size,
                ["eTag"] = "d41d8cd98f00b204e9800998ecf8427e",
                ["sequencer"] = "0A1B2C3D4E5F678901",
            },
        },
    };
}
