using PhotoGallery.Aws.Catalog;

namespace PhotoGallery.Emulators;

/// <summary>An emulator of DynamoDB on 127.0.0.1, for whatever needs only the photo table: dynalite (in
/// <see cref="EmulatorSet"/>) or AWS's DynamoDB Local (<see cref="DynamoDbLocal"/>).</summary>
public interface IDynamoDbEmulator : IAsyncDisposable
{
    Uri DynamoDbUrl { get; }

    /// <summary>The emulator's processes (and any that run beside it), for the benchmark's wait until they are idle.</summary>
    IEnumerable<int> ProcessIds { get; }

    DynamoDbSettings DynamoDbSettings(string table);

    /// <inheritdoc cref="EmulatedTables.CreateAsync"/>
    Task<bool> CreateTableAsync(string table, CancellationToken cancellationToken);
}
