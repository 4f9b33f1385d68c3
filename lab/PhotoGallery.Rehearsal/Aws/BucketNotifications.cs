using System.Text;
using PhotoGallery.Local.Events;
using PhotoGallery.Rehearsal.Gateway;
using PhotoGallery.Rehearsal.Lambda;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Aws;

public enum S3DeliveryOutcome
{
    /// <summary>Lambda accepted the event (202); whether the function then succeeded is in its activity.</summary>
    Queued,

    /// <summary>No permission lets s3.amazonaws.com invoke the function from this bucket: S3 cannot deliver.</summary>
    NotPermitted,

    /// <summary>Lambda refused the event (no such function, over 256 KB).</summary>
    Refused,
}

/// <summary>One event S3 sent, or could not send, to one notification's function.</summary>
public sealed record S3Delivery(
    DateTimeOffset At, string Bucket, string Key, string EventName, string ConfigurationId, string FunctionArn, S3DeliveryOutcome Outcome, string? Problem);

/// <summary>
/// S3's side of the buckets' notifications, for the rehearsal: each <c>ObjectCreated</c> the stand-in reports
/// goes to every configuration of its bucket whose events and key filter match, as the same event JSON S3
/// sends, through Lambda's asynchronous Invoke. S3 invokes only what the function's resource policy lets
/// <c>s3.amazonaws.com</c> invoke from that bucket; otherwise the event is lost, and that is recorded.
/// </summary>
public sealed class BucketNotifications(
    IReadOnlyList<BucketNotificationModel> buckets,
    IReadOnlyList<InvokeGrant> grants,
    string accountId,
    Func<string, byte[], string, EventAcceptance> invokeEvent,
    TextWriter log)
{
    private readonly List<S3Delivery> _deliveries = [];

    /// <summary>Every event sent or lost so far, in order.</summary>
    public IReadOnlyList<S3Delivery> Deliveries
    {
        get
        {
            lock (_deliveries) return [.. _deliveries];
        }
    }

    /// <summary>What the stand-in's S3 just stored (its <c>ConfigurationId</c> is filled in per matching configuration).</summary>
    public void Published(S3ObjectCreated created)
    {
        foreach (var notification in buckets.Where(b => b.Bucket == created.Bucket).SelectMany(b => b.Lambdas))
        {
            if (!notification.Matches(created.EventName, created.Key)) continue;
            var described = $"{created.EventName} s3://{created.Bucket}/{created.Key}";
            if (!InvokePermissions.AllowsS3(grants, notification.FunctionArn, created.Bucket, accountId))
            {
                Record(created, notification, S3DeliveryOutcome.NotPermitted,
                    $"S3 cannot invoke {notification.FunctionArn} for {described}: no AWS::Lambda::Permission lets {InvokePermissions.S3Principal} " +
                    $"invoke it from arn:aws:s3:::{created.Bucket} (on AWS the deployment itself fails: \"Unable to validate the following destination configurations\")");
                continue;
            }
            var payload = S3EventNotification.Json(created with { ConfigurationId = notification.Id });
            EventAcceptance answer;
            try
            {
                answer = invokeEvent(notification.FunctionArn, payload, $"{created.EventName} {created.Key}");
            }
            catch (ObjectDisposedException)
            {
                answer = new EventAcceptance(503, "ServiceException", "the rehearsal's Lambda has stopped");
            }
            if (answer.Accepted) Record(created, notification, S3DeliveryOutcome.Queued, null);
            else Record(created, notification, S3DeliveryOutcome.Refused,
                $"Lambda refused S3's event for {described} to {notification.FunctionArn}: {answer.ErrorType}: {answer.ErrorMessage}");
        }
    }

    private void Record(S3ObjectCreated created, LambdaNotification notification, S3DeliveryOutcome outcome, string? problem)
    {
        lock (_deliveries)
            _deliveries.Add(new S3Delivery(created.Time, created.Bucket, created.Key, created.EventName, notification.Id, notification.FunctionArn, outcome, problem));
        var line = new StringBuilder($"[s3] {created.EventName} s3://{created.Bucket}/{created.Key} → {notification.FunctionArn}: ");
        line.Append(outcome == S3DeliveryOutcome.Queued ? "invoked asynchronously" : "NOT DELIVERED: " + problem);
        lock (log) log.WriteLine(line.ToString());
    }
}
