using NUnit.Framework;
using PhotoGallery.Core.Users;

namespace PhotoGallery.Tests.Core;

public sealed class SignInLockoutTests
{
    [TestCase(1, 0)]
    [TestCase(4, 0)]
    [TestCase(5, 1)]
    [TestCase(6, 2)]
    [TestCase(9, 16)]
    [TestCase(14, 512)]
    [TestCase(15, 900)]
    [TestCase(60, 900)]
    public void LockoutAfter_Failures_TwoToTheNMinusFiveSecondsUpTo15Minutes(int failures, int seconds) =>
        Assert.That(SignInLockout.LockoutAfter(failures), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
}
