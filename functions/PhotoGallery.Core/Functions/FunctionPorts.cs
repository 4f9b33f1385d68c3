using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Core.Functions;

/// <summary>
/// The ports a function is built from. Each is made on first use, so a function that needs only the user
/// pool never asks for a bucket (and a missing setting for one it does not use cannot stop it).
/// </summary>
public sealed class FunctionPorts(
    Func<IUserPool> users, Func<IPhotoStore> store, Func<IPhotoIndex> index, PhotoLimits limits, TimeProvider clock)
{
    private readonly Lazy<IUserPool> _users = new(users);
    private readonly Lazy<IPhotoStore> _store = new(store);
    private readonly Lazy<IPhotoIndex> _index = new(index);

    public IUserPool Users => _users.Value;

    public IPhotoStore Store => _store.Value;

    public IPhotoIndex Index => _index.Value;

    public PhotoLimits Limits { get; } = limits;

    public TimeProvider Clock { get; } = clock;
}
