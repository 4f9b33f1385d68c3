using NUnit.Framework;
using PhotoGallery.Adapters.Tests.Contracts;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Core.Ports;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>The store contract on S3, played by s3rver, a bucket for the fixture.</summary>
[TestFixture]
[Category("Emulator")]
public sealed class S3PhotoStoreTests : PhotoStoreContract
{
    private IPhotoStore _store = null!;

    protected override IPhotoStore Store => _store;

    [OneTimeSetUp]
    public async Task CreateBucket()
    {
        var bucket = "photos-" + Guid.NewGuid().ToString("N")[..12];
        await Emulators.Running.CreateBucketAsync(bucket, default);
        _store = S3PhotoStore.Create(Emulators.Running.S3Settings(bucket));
    }
}
