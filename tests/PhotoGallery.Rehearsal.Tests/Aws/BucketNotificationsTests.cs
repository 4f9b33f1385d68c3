using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Local.Events;
using PhotoGallery.Rehearsal.Aws;
using PhotoGallery.Rehearsal.Lambda;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Aws;

/// <summary>S3's side of the notifications: which stored objects reach which function, and when S3 may not invoke it.</summary>
public sealed class BucketNotificationsTests
{
    private const string Account = "111122223333";
    private const string Bucket = "photogallery-photos-1a2b3c";
    private const string Function = "arn:aws:lambda:us-east-1:111122223333:function:PhotoGallery-processphoto";
    private const string Key = "photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.png";

    private static readonly BucketNotificationModel Notification = new("PhotosNotifications", Bucket,
    [
        new LambdaNotification("jpg", Function, ["s3:ObjectCreated:*"], "photos/", "/original.jpg"),
        new LambdaNotification("png", Function, ["s3:ObjectCreated:*"], "photos/", "/original.png"),
    ]);

    private static readonly InvokeGrant S3MayInvoke = new(Function, "s3.amazonaws.com", $"arn:aws:s3:::{Bucket}", Account);

    private readonly List<(string Function, JsonNode Event, string Description)> _invoked = [];
    private readonly StringWriter _log = new();
    private EventAcceptance _answer = new(202, null, null);

    [SetUp]
    public void Reset()
    {
        _invoked.Clear();
        _log.GetStringBuilder().Clear();
        _answer = new EventAcceptance(202, null, null);
    }

    private BucketNotifications Notifications(params InvokeGrant[] grants) => new([Notification], grants, Account, (function, payload, description) =>
    {
        _invoked.Add((function, JsonNode.Parse(payload)!, description));
        return _answer;
    }, _log);

    // One instant for every event: two events made a moment apart must compare equal where only the time differs.
    private static readonly DateTimeOffset EventTime = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static S3ObjectCreated Created(string key = Key, string bucket = Bucket, string eventName = S3EventNotification.Put) => new(
        eventName, "us-east-1", bucket, key, 8233, "0b5e2bf1c0ea2d3d5c4c6b1f4e0a9d8c", EventTime, "0192A3B4C5D6000001", "",
        "AWS:addphotoRole:PhotoGallery-addphoto", "127.0.0.1");

    [Test]
    public void Published_OriginalUnderTheFilters_TheFunctionGetsS3sEventWithItsConfigurationId()
    {
        var notifications = Notifications(S3MayInvoke);

        notifications.Published(Created(eventName: S3EventNotification.Copy));

        var (function, s3Event, description) = _invoked.Single();
        Assert.That(function, Is.EqualTo(Function));
        Assert.That(description, Is.EqualTo($"ObjectCreated:Copy {Key}"));
        var record = s3Event["Records"]![0]!;
        Assert.That(record["eventName"]!.GetValue<string>(), Is.EqualTo("ObjectCreated:Copy"));
        Assert.That(record["s3"]!["configurationId"]!.GetValue<string>(), Is.EqualTo("png"));
        Assert.That(record["s3"]!["bucket"]!["name"]!.GetValue<string>(), Is.EqualTo(Bucket));
        Assert.That(record["s3"]!["object"]!["key"]!.GetValue<string>(), Is.EqualTo(Key));
        var delivery = notifications.Deliveries.Single();
        Assert.That((delivery.Outcome, delivery.Problem, delivery.ConfigurationId), Is.EqualTo((S3DeliveryOutcome.Queued, (string?)null, "png")));
        Assert.That(_log.ToString(), Does.Contain($"[s3] ObjectCreated:Copy s3://{Bucket}/{Key} → {Function}: invoked asynchronously"));
    }

    [TestCase("photos/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/thumbnail.jpg", Bucket, TestName = "Published_TheFunctionsOwnVariant_NothingSoNoLoop")]
    [TestCase("uploads/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.png", Bucket, TestName = "Published_AnUploadNotCheckedYet_Nothing")]
    [TestCase(Key, "another-bucket", TestName = "Published_AnotherBucket_Nothing")]
    public void Published_KeyOutsideEveryConfiguration_InvokesNothing(string key, string bucket)
    {
        var notifications = Notifications(S3MayInvoke);

        notifications.Published(Created(key, bucket));

        Assert.That(_invoked, Is.Empty);
        Assert.That(notifications.Deliveries, Is.Empty);
    }

    private static IEnumerable<TestCaseData> MissingPermissions()
    {
        yield return new TestCaseData((object)Array.Empty<InvokeGrant>()).SetName("Published_NoPermission_NotDeliveredAsS3CannotInvoke");
        yield return new TestCaseData((object)new[] { S3MayInvoke with { Principal = "apigateway.amazonaws.com" } }).SetName("Published_PermissionForApiGatewayOnly_NotDelivered");
        yield return new TestCaseData((object)new[] { S3MayInvoke with { SourceArn = "arn:aws:s3:::another-bucket" } }).SetName("Published_PermissionForAnotherBucket_NotDelivered");
        yield return new TestCaseData((object)new[] { S3MayInvoke with { SourceAccount = "999999999999" } }).SetName("Published_PermissionForAnotherAccountsBucket_NotDelivered");
        yield return new TestCaseData((object)new[] { S3MayInvoke with { FunctionArn = Function + "-other" } }).SetName("Published_PermissionOnAnotherFunction_NotDelivered");
    }

    [TestCaseSource(nameof(MissingPermissions))]
    public void Published_WithoutS3sPermission_NotDeliveredNamingTheMissingPermission(InvokeGrant[] grants)
    {
        var notifications = Notifications(grants);

        notifications.Published(Created());

        Assert.That(_invoked, Is.Empty);
        var delivery = notifications.Deliveries.Single();
        Assert.That(delivery.Outcome, Is.EqualTo(S3DeliveryOutcome.NotPermitted));
        Assert.That(delivery.Problem, Does.Contain("no AWS::Lambda::Permission lets s3.amazonaws.com invoke it from arn:aws:s3:::" + Bucket)
            .And.Contain("Unable to validate the following destination configurations"));
        Assert.That(_log.ToString(), Does.Contain("NOT DELIVERED"));
    }

    [Test]
    public void Published_PermissionWithoutSourceConditions_Delivered()
    {
        var notifications = Notifications(new InvokeGrant(Function, "s3.amazonaws.com", null));

        notifications.Published(Created());

        Assert.That(_invoked, Has.Count.EqualTo(1));
    }

    [Test]
    public void Published_LambdaRefusesTheEvent_RecordedWithLambdasError()
    {
        _answer = new EventAcceptance(413, "RequestEntityTooLargeException", "Request must be smaller than 262144 bytes for the InvokeFunction operation");
        var notifications = Notifications(S3MayInvoke);

        notifications.Published(Created());

        var delivery = notifications.Deliveries.Single();
        Assert.That(delivery.Outcome, Is.EqualTo(S3DeliveryOutcome.Refused));
        Assert.That(delivery.Problem, Does.Contain("RequestEntityTooLargeException: Request must be smaller than 262144 bytes"));
    }

    [Test]
    public void Published_PayloadIsTheSameJsonTheLocalHostSends()
    {
        Notifications(S3MayInvoke).Published(Created());

        var sent = _invoked.Single().Event;
        var local = JsonNode.Parse(S3EventNotification.Json(Created() with { ConfigurationId = "png" }))!;
        JsonAssert.AreEqual(local, sent);
    }
}
