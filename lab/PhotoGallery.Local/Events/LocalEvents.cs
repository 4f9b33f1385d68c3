using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Photos;
using PhotoGallery.Functions;

namespace PhotoGallery.Local.Events;

/// <summary>
/// The bucket's notifications wired to the local store: from <see cref="Start"/> until disposed, every
/// object the store publishes reaches the functions its key triggers, as S3 → Lambda delivers it.
/// </summary>
public sealed class LocalEvents : IAsyncDisposable
{
    private readonly LocalBackend _backend;
    private readonly CancellationTokenSource _stopping = new();
    private Task _catchingUp = Task.CompletedTask;

    private LocalEvents(LocalBackend backend, StorageNotifications notifications, AsyncInvocations invocations)
    {
        _backend = backend;
        Notifications = notifications;
        Invocations = invocations;
    }

    public StorageNotifications Notifications { get; }

    public AsyncInvocations Invocations { get; }

    /// <param name="functions">The host's handlers by name (after <see cref="LocalHostOptions.ConfigureFunctions"/>).</param>
    public static LocalEvents Start(LocalBackend backend, IReadOnlyDictionary<string, LambdaHandler> functions, LocalHostOptions options)
    {
        var invocations = new AsyncInvocations(options.Events, options.Console, options.Clock);
        var events = new LocalEvents(backend, new StorageNotifications(FunctionCatalog.All, functions, invocations, options.Clock), invocations);
        backend.Store.ObjectCreated += events.Notifications.Published;
        events._catchingUp = Task.Run(() => events.CatchUpAsync(options.Console));
        return events;
    }

    /// <summary>
    /// S3 delivers every event it owes even while nothing runs; the local host cannot deliver while it is stopped.
    /// So at start it publishes again the original of every complete photo still waiting for its images (an event
    /// lost at the last stop, or a photo stored before the server made images), and processphoto makes them.
    /// </summary>
    private async Task CatchUpAsync(TextWriter console)
    {
        var waiting = _backend.Index.AwaitingImages();
        if (waiting.Count == 0) return;
        console.WriteLine($"Making the images of {waiting.Count} photo(s) whose storage event was never delivered (the host stopped first, or they predate server-made images).");
        var missing = 0;
        foreach (var photo in waiting)
        {
            if (_stopping.IsCancellationRequested) return;
            if (!await _backend.Store.PublishAgainAsync(PhotoKeys.Original(photo), _stopping.Token)) missing++;
        }
        if (missing > 0) console.WriteLine($"{missing} of them have no original in the data folder's bucket/ and stay processing.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _catchingUp;
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-way: the rest are published again at the next start.
        }
        _backend.Store.ObjectCreated -= Notifications.Published;
        await Invocations.DisposeAsync();
        _stopping.Dispose();
    }
}
