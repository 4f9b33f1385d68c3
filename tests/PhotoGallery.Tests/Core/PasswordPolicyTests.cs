using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Users;

namespace PhotoGallery.Tests.Core;

public sealed class PasswordPolicyTests
{
    [TestCase("Sh0rt!", "at least 8 characters")]
    [TestCase("NOLOWER123!", "a lowercase letter")]
    [TestCase("noupper123!", "an uppercase letter")]
    [TestCase("NoDigits!!", "a number")]
    [TestCase("NoSymbols123", "a symbol")]
    public void Check_BreaksOneRule_InvalidPasswordNamingIt(string password, string rule)
    {
        var error = Assert.Throws<GalleryException>(() => PasswordPolicy.Default.Check(password));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidPassword));
        Assert.That(error.Message, Does.Contain(rule));
    }

    [TestCase("Corr3ct-Horse!")]
    [TestCase("Ab1^defgh")]
    [TestCase("Pässw0rd with spaces ~")]
    public void Check_MeetsEveryRule_Passes(string password) =>
        Assert.DoesNotThrow(() => PasswordPolicy.Default.Check(password));

    [Test]
    public void Describe_Default_ListsEveryRule() =>
        Assert.That(PasswordPolicy.Default.Describe(), Has.Count.EqualTo(5));
}
