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
        return events;
    }

    /// <summary>
    /// Starts <see cref="CatchUpAsync"/> in the background. The host calls it once it listens: a host that fails to
    /// start (its port taken, most often by the same gallery already running) must not hand that gallery's photos
    /// to processphoto a second time.
    /// </summary>
    public void CatchUp(TextWriter console) => _catchingUp = Task.Run(() => CatchUpAsync(console));

    /// <summary>
    /// S3 delivers every event it owes even while nothing runs; the local host cannot deliver while it is stopped.
    /// So at start it publishes again the original of every complete photo still waiting for its images (an event
    /// lost at the last stop, or a photo stored before the server made images), and processphoto makes them.
    /// </summary>
    private async Task CatchUpAsync(TextWriter console)
    {
        try
        {
            var waiting = _backend.Index.AwaitingImages();
            if (waiting.Count == 0) return;
            console.WriteLine($"Making the images of {waiting.Count} photo(s) still waiting for them (their storage event was lost when the host stopped, their processing failed, or they predate server-made images).");
            var missing = 0;
            foreach (var photo in waiting)
            {
                if (!await _backend.Store.PublishAgainAsync(PhotoKeys.Original(photo), _stopping.Token)) missing++;
            }
            if (missing > 0) console.WriteLine($"{missing} of them have no original in the data folder's bucket/ and stay processing.");
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped mid-way: the rest are published again at the next start.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            console.WriteLine($"Could not hand the photos still waiting for their images to processphoto: {e.Message} They are tried again at the next start.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _catchingUp;
        }
        finally
        {
            _backend.Store.ObjectCreated -= Notifications.Published;
            await Invocations.DisposeAsync();
            _stopping.Dispose();
        }
    }
}
