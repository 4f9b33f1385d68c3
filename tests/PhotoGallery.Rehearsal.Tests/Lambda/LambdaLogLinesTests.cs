using NUnit.Framework;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

public sealed class LambdaLogLinesTests
{
    private const string Id = "8f5e0c3a-1b2c-4d5e-8f90-123456789abc";

    [Test]
    public void Report_ColdStart_CarriesTheInitDurationAndBillsIt()
    {
        var line = LambdaLogLines.Report(Id, TimeSpan.FromMilliseconds(12.345), 1024, 71, TimeSpan.FromMilliseconds(250.5));

        Assert.That(line, Is.EqualTo(
            $"REPORT RequestId: {Id}\tDuration: 12.35 ms\tBilled Duration: 263 ms\tMemory Size: 1024 MB\tMax Memory Used: 71 MB\tInit Duration: 250.50 ms"));
    }

    [Test]
    public void Report_WarmTimeout_HasNoInitDurationAndSaysTimeout()
    {
        var line = LambdaLogLines.Report(Id, TimeSpan.FromSeconds(3), 128, 60, null, "timeout");

        Assert.That(line, Is.EqualTo(
            $"REPORT RequestId: {Id}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tStatus: timeout"));
    }

    [TestCase(106, "exit status 106")]
    [TestCase(1, "exit status 1")]
    [TestCase(137, "signal: killed")]
    [TestCase(134, "signal: aborted (core dumped)")]
    public void RuntimeExited_ExitCode_ReadsAsLambdaWritesIt(int exitCode, string expected)
    {
        Assert.That(LambdaLogLines.RuntimeExited(Id, exitCode), Is.EqualTo($"RequestId: {Id} Error: Runtime exited with error: {expected}"));
    }

    [Test]
    public void TimedOut_Elapsed_HasTwoDecimals()
    {
        var line = LambdaLogLines.TimedOut(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), Id, TimeSpan.FromMilliseconds(1004));

        Assert.That(line, Is.EqualTo($"2026-01-02T03:04:05.678Z {Id} Task timed out after 1.00 seconds"));
    }
}
