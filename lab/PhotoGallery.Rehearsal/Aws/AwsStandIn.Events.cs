using Amazon.S3;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Local.Events;

namespace PhotoGallery.Rehearsal.Aws;

// S3's event notifications: after a write S3 accepted, what S3 tells whoever listens.
public sealed partial class AwsStandIn
{
    /// <summary>The S3 operations that create an object, with the event S3 names for each.</summary>
    private static readonly Dictionary<string, string> CreatingOperations = new(StringComparer.Ordinal)
    {
        ["PutObject"] = S3EventNotification.Put,
        ["CopyObject"] = S3EventNotification.Copy,
        ["PostObject"] = S3EventNotification.Post,
        ["CompleteMultipartUpload"] = S3EventNotification.CompleteMultipartUpload,
    };

    private readonly HashSet<Task> _emissions = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private Lazy<AmazonS3Client>? _s3;
    private long _sequence;

    /// <summary>
    /// Raised once S3 (the emulator) has stored an object through a PutObject, a form upload (PostObject: presigned POSTs),
    /// CopyObject or CompleteMultipartUpload that succeeded, after the caller has its answer, as S3 emits
    /// <c>ObjectCreated</c> events: size and ETag as S3 stored them, <c>ConfigurationId</c> left empty for the
    /// notification that matches to fill in. Handlers must return at once.
    /// </summary>
    public event Action<S3ObjectCreated>? ObjectCreated;

    /// <summary>After an S3 answer: an <c>ObjectCreated</c> event when the call stored an object.</summary>
    private void AfterS3Write(MappedAwsCall call, AwsPrincipal principal, int status)
    {
        if (status is < 200 or > 299 || call is not { Service: AwsRequestMapper.S3, Bucket: { } bucket, Key: { } key }
            || !CreatingOperations.TryGetValue(call.Operation, out var eventName) || ObjectCreated is null)
            return;
        lock (_emissions)
        {
            if (_stoppingToken.IsCancellationRequested) return;
            Task emission;
            using (ExecutionContext.SuppressFlow()) emission = Task.Run(() => EmitAsync(bucket, key, eventName, principal));
            _emissions.Add(emission);
            _ = emission.ContinueWith(done => { lock (_emissions) _emissions.Remove(done); }, TaskScheduler.Default);
        }
    }

    private async Task EmitAsync(string bucket, string key, string eventName, AwsPrincipal principal)
    {
        try
        {
            // S3 reports the object it stored: its size and ETag, read here past IAM, as S3 knows them.
            var s3 = LazyInitializer.EnsureInitialized(ref _s3, () => new Lazy<AmazonS3Client>(() => S3PhotoStore.CreateClient(_settings.Emulators.S3Settings(bucket)))).Value;
            var stored = await s3.GetObjectMetadataAsync(bucket, key, _stoppingToken);
            var now = DateTimeOffset.UtcNow;
            var role = principal.RoleArn[(principal.RoleArn.LastIndexOf('/') + 1)..];
            ObjectCreated?.Invoke(new S3ObjectCreated(
                eventName, _settings.Region, bucket, key, stored.ContentLength, stored.ETag.Trim('"'), now,
                S3EventNotification.Sequencer(now, Interlocked.Increment(ref _sequence)),
                ConfigurationId: "",
                PrincipalId: $"AWS:{role}:{principal.FunctionName}",
                SourceIpAddress: "127.0.0.1"));
        }
        catch (Exception e) when (!_stoppingToken.IsCancellationRequested)
        {
            _settings.Log($"[aws] S3 could not emit {eventName} for s3://{bucket}/{key}: {e.Message}");
        }
        catch (Exception) when (_stoppingToken.IsCancellationRequested)
        {
            // The rehearsal is ending: an event nobody will deliver any more.
        }
    }

    /// <summary>Stops emitting and waits (briefly) for the events being emitted.</summary>
    private async Task StopEmittingAsync()
    {
        Task[] pending;
        lock (_emissions)
        {
            _stopping.Cancel();
            pending = [.. _emissions];
        }
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_s3 is { IsValueCreated: true } s3) s3.Value.Dispose();
        _stopping.Dispose();
    }
}
