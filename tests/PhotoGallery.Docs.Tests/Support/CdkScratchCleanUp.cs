using NUnit.Framework;
using PhotoGallery.Deploy;

// In the tests' root namespace, not Support's: a set-up fixture's teardown waits for the fixtures of its namespace
// and below, so here it waits for all of them.
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
