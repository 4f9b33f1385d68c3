using PhotoGallery.Core.Functions;
using PhotoGallery.Functions;

namespace PhotoGallery.Local.Events;

/// <summary>
/// The bucket's notifications wired to the local store: from <see cref="Start"/> until disposed, every
/// object the store publishes reaches the functions its key triggers, as S3 → Lambda delivers it.
/// </summary>
public sealed class LocalEvents : IAsyncDisposable
{
    private readonly LocalBackend _backend;

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

    public async ValueTask DisposeAsync()
    {
        _backend.Store.ObjectCreated -= Notifications.Published;
        await Invocations.DisposeAsync();
    }
}
