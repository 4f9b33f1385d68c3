using PhotoGallery.Core.Functions;
using PhotoGallery.Local.Storage;

namespace PhotoGallery.Local.Events;

/// <summary>
/// The photo bucket's event notifications, locally: each object the folder store publishes becomes the S3
/// event S3 would send to every declared function whose <see cref="StorageTrigger"/> matches its key
/// (prefix and one of the suffixes, one S3 filter each), invoked asynchronously as S3 invokes Lambda.
/// Which functions, and on which keys, comes from their declarations alone.
/// </summary>
public sealed class StorageNotifications
{
    /// <summary>The bucket's name in the events (the local bucket is the data folder's <c>bucket/</c>).</summary>
    public const string BucketName = "photogallery-local";

    /// <summary>The region in the events: the guide's example region (nothing local depends on it).</summary>
    public const string Region = "us-east-1";

    private readonly IReadOnlyList<(FunctionDeclaration Function, StorageTrigger Trigger)> _triggers;
    private readonly IReadOnlyDictionary<string, LambdaHandler> _handlers;
    private readonly AsyncInvocations _invocations;
    private readonly TimeProvider _clock;
    private long _sequence;

    /// <param name="handlers">Each function's stream entry point, by name (the host's own, so a test can swap one).</param>
    public StorageNotifications(
        IEnumerable<FunctionDeclaration> declarations, IReadOnlyDictionary<string, LambdaHandler> handlers, AsyncInvocations invocations, TimeProvider clock)
    {
        _triggers = Triggered(declarations);
        var missing = _triggers.Where(t => !handlers.ContainsKey(t.Function.Name)).Select(t => t.Function.Name).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"No function for storage trigger(s): {string.Join(", ", missing)}.");
        _handlers = handlers;
        _invocations = invocations;
        _clock = clock;
    }

    /// <summary>The functions storage events start, with their filters (for the banner and the README).</summary>
    public IReadOnlyList<(FunctionDeclaration Function, StorageTrigger Trigger)> Triggers => _triggers;

    /// <summary>The declared functions an object created under <paramref name="key"/> triggers (each at most once).</summary>
    public static IReadOnlyList<FunctionDeclaration> TargetsOf(IEnumerable<FunctionDeclaration> declarations, string key) =>
        [.. Triggered(declarations).Where(t => t.Trigger.Matches(key)).Select(t => t.Function)];

    /// <summary>What the store just published: one event per function it triggers, handed over asynchronously.</summary>
    public void Published(ObjectCreated created)
    {
        foreach (var (function, trigger) in _triggers.Where(t => t.Trigger.Matches(created.Key)))
        {
            var now = _clock.GetUtcNow();
            var eventName = created.Kind switch
            {
                ObjectCreatedKind.Copy => S3EventNotification.Copy,
                ObjectCreatedKind.Post => S3EventNotification.Post,
                _ => S3EventNotification.Put,
            };
            var payload = S3EventNotification.Json(new S3ObjectCreated(
                eventName, Region, BucketName, created.Key, created.Size, created.ETag, now,
                S3EventNotification.Sequencer(now, Interlocked.Increment(ref _sequence)),
                ConfigurationId: $"{function.Name}-{SuffixIndex(trigger, created.Key)}",
                PrincipalId: "AWS:LOCAL",
                SourceIpAddress: "127.0.0.1"));
            _invocations.Invoke(function.Name, _handlers[function.Name], function.Timeout, payload, $"{eventName} {created.Key}");
        }
    }

    /// <summary>S3 names the configuration that matched; locally each suffix of a trigger is one configuration.</summary>
    private static int SuffixIndex(StorageTrigger trigger, string key) =>
        trigger.Suffixes.Select((suffix, index) => (suffix, index)).First(s => key.EndsWith(s.suffix, StringComparison.Ordinal)).index;

    private static List<(FunctionDeclaration Function, StorageTrigger Trigger)> Triggered(IEnumerable<FunctionDeclaration> declarations) =>
        [.. declarations.Where(f => f.Trigger is StorageTrigger).Select(f => (f, (StorageTrigger)f.Trigger))];
}
