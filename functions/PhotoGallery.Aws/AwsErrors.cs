using System.Net;
using Amazon.Runtime;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;

namespace PhotoGallery.Aws;

/// <summary>
/// The one place where S3 and DynamoDB service errors become contract errors. The SDK has already
/// retried (a bounded number of times, with backoff) before we see them. Only errors that mean "try
/// again later" are mapped; anything else (access denied, a missing bucket or table) is a deployment
/// bug and is left to surface as a 500 with its details in the log.
/// </summary>
internal static class AwsErrors
{
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
        "SlowDown", "TooManyRequestsException", "LimitExceededException",
    };

    /// <summary>Runs <paramref name="call"/>, turning throttling and AWS-side failures into contract errors.</summary>
    public static async Task<T> MapAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException e) when (IsThrottling(e))
        {
            throw new GalleryException(ErrorCode.TooManyRequests, "The gallery is busy right now; try again in a moment.");
        }
        catch (AmazonServiceException e) when ((int)e.StatusCode >= 500)
        {
            throw new GalleryException(ErrorCode.UpstreamError, "The storage service failed; try again in a moment.");
        }
    }

    public static async Task MapAsync(Func<Task> call) =>
        await MapAsync(async () =>
        {
            await call();
            return true;
        });

    public static GalleryException Busy() =>
        new(ErrorCode.TooManyRequests, "The gallery is busy right now; try again in a moment.");

    private static bool IsThrottling(AmazonServiceException e) =>
        Throttling.Contains(e.ErrorCode ?? "") || e.StatusCode == HttpStatusCode.TooManyRequests;
}
