using NUnit.Framework;
using PhotoGallery.Deploy;

namespace PhotoGallery.Docs.Tests;

/// <summary>
/// Deletes what the stack's synthesis left (StackTemplate: the CDK's runtime, ~64 MB, and the cloud assembly) when
/// the run ends, while the test host still lives: its process-exit handler may be cut short.
/// </summary>
[SetUpFixture]
public sealed class CdkScratchCleanUp
{
    [OneTimeTearDown]
    public void DeleteScratch() => CdkScratch.Delete();
}
