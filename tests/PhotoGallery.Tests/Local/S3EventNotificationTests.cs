using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Photos;
using PhotoGallery.Functions;
using PhotoGallery.Local.Events;

namespace PhotoGallery.Tests.Local;

/// <summary>The S3 event JSON the local host (and the rehearsal's S3) sends, and which keys trigger which function.</summary>
public sealed class S3EventNotificationTests
{
    private const string PhotoId = "01JD3ZK8Q2V7W4X9Y6T5R3P1NM";

    private static S3ObjectCreated Created(string key = "photos/" + PhotoId + "/original.png", string eventName = S3EventNotification.Put) => new(
        eventName, "us-east-1", "photogallery-photos-123456789012", key, 8233, "0b5e2bf1c0ea2d3d5c4c6b1f4e0a9d8c",
        new DateTimeOffset(2026, 11, 22, 8, 0, 0, 123, TimeSpan.Zero), "0192A3B4C5D6000001", "processphoto-1", "AWS:AROAEXAMPLE", "127.0.0.1");

    [Test]
    public void Json_ObjectCreated_TheRecordS3SendsToLambda()
    {
        var json = JsonNode.Parse(S3EventNotification.Json(Created()))!;
        var responseElements = json["Records"]![0]!["responseElements"]!.AsObject();
        Assert.That(responseElements["x-amz-id-2"]!.GetValue<string>(), Is.Not.Empty);
        responseElements.Remove("x-amz-id-2");

        JsonAssert.AreEqual(JsonNode.Parse($$"""
            {
              "Records": [
                {
                  "eventVersion": "2.1",
                  "eventSource": "aws:s3",
                  "awsRegion": "us-east-1",
                  "eventTime": "2026-11-22T08:00:00.123Z",
                  "eventName": "ObjectCreated:Put",
                  "userIdentity": { "principalId": "AWS:AROAEXAMPLE" },
                  "requestParameters": { "sourceIPAddress": "127.0.0.1" },
                  "responseElements": { "x-amz-request-id": "92A3B4C5D6000001" },
                  "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "processphoto-1",
                    "bucket": {
                      "name": "photogallery-photos-123456789012",
                      "ownerIdentity": { "principalId": "AWS:AROAEXAMPLE" },
                      "arn": "arn:aws:s3:::photogallery-photos-123456789012"
                    },
                    "object": {
                      "key": "photos/{{PhotoId}}/original.png",
                      "size": 8233,
                      "eTag": "0b5e2bf1c0ea2d3d5c4c6b1f4e0a9d8c",
                      "sequencer": "0192A3B4C5D6000001"
                    }
                  }
                }
              ]
            }
            """), json);
    }

    [TestCase("photos/" + PhotoId + "/original.jpg", "photos/" + PhotoId + "/original.jpg")]
    [TestCase("red flower.jpg", "red+flower.jpg")]
    [TestCase("a+b=c.png", "a%2Bb%3Dc.png")]
    [TestCase("Sommer (1).jpg", "Sommer+%281%29.jpg")]
    [TestCase("été.gif", "%C3%A9t%C3%A9.gif")]
    [TestCase("a_b-c.d*e~f", "a_b-c.d*e%7Ef")]
    public void EncodeKey_AsS3WritesKeysInEvents(string key, string encoded) =>
        Assert.That(S3EventNotification.EncodeKey(key), Is.EqualTo(encoded));

    [TestCase("red flower.jpg")]
    [TestCase("a+b=c (1)/été.png")]
    public void EncodeKey_DecodedAsProcessPhotoDecodesIt_TheSameKey(string key)
    {
        var encoded = S3EventNotification.EncodeKey(key);

        Assert.That(Uri.UnescapeDataString(encoded.Replace('+', ' ')), Is.EqualTo(key));
    }

    [Test]
    public void Sequencer_LaterOrSameMillisecondWithAGreaterCounter_SortsAfter()
    {
        var now = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var sequencers = new[]
        {
            S3EventNotification.Sequencer(now, 1),
            S3EventNotification.Sequencer(now, 2),
            S3EventNotification.Sequencer(now.AddMilliseconds(1), 3),
            S3EventNotification.Sequencer(now.AddDays(400), 4),
        };

        Assert.That(sequencers, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(sequencers.Select(s => s.Length), Has.All.EqualTo(18));
        Assert.That(sequencers, Is.Unique);
    }

    /// <summary>The function storage events start, found by its trigger (no function is named here).</summary>
    private static FunctionDeclaration Triggered() => FunctionCatalog.All.Single(f => f.Trigger is StorageTrigger);

    private static IEnumerable<TestCaseData> PublishedOriginals() =>
        ImageTypes.Accepted.Select(type => new TestCaseData(PhotoKeys.Original(PhotoId, type)).SetArgDisplayNames(type));

    [TestCaseSource(nameof(PublishedOriginals))]
    public void TargetsOf_APublishedOriginal_TheTriggeredFunction(string key) =>
        Assert.That(StorageNotifications.TargetsOf(FunctionCatalog.All, key), Is.EqualTo(new[] { Triggered() }));

    private static IEnumerable<TestCaseData> OtherKeys()
    {
        yield return new TestCaseData(PhotoKeys.Thumbnail(PhotoId)).SetArgDisplayNames("its thumbnail (no loop)");
        yield return new TestCaseData(PhotoKeys.Display(PhotoId)).SetArgDisplayNames("its display image (no loop)");
        yield return new TestCaseData(PhotoKeys.Upload(PhotoId, ImageTypes.Png)).SetArgDisplayNames("an upload not checked yet");
        yield return new TestCaseData($"photos/{PhotoId}/original.PNG").SetArgDisplayNames("another case (S3 filters are case-sensitive)");
        yield return new TestCaseData($"other/{PhotoId}/original.png").SetArgDisplayNames("outside photos/");
    }

    [TestCaseSource(nameof(OtherKeys))]
    public void TargetsOf_AnyOtherKey_NoFunction(string key) =>
        Assert.That(StorageNotifications.TargetsOf(FunctionCatalog.All, key), Is.Empty);
}
