using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Users;

namespace PhotoGallery.Tests.Core;

public sealed class UserRulesTests
{
    [TestCase("alice@example.com", "a***@e***.com")]
    [TestCase("b@x.org", "b***@x***.org")]
    public void MaskEmail_Address_ShowsOnlyFirstLetters(string email, string masked) =>
        Assert.That(UserRules.MaskEmail(email), Is.EqualTo(masked));

    [TestCase("alice")]
    [TestCase("bob.smith-2")]
    [TestCase("zoë")]
    [TestCase("carol@example.com")]
    public void CheckUsername_Valid_Passes(string username) => Assert.DoesNotThrow(() => UserRules.CheckUsername(username));

    [TestCase("has space")]
    [TestCase("semi;colon")]
    [TestCase("<script>")]
    public void CheckUsername_Invalid_InvalidParameter(string username)
    {
        var error = Assert.Throws<GalleryException>(() => UserRules.CheckUsername(username));
        Assert.That(error!.Code, Is.EqualTo(ErrorCode.InvalidParameter));
    }

    [TestCase("not-an-email")]
    [TestCase("a@b")]
    [TestCase("two@@example.com")]
    public void CheckEmail_Invalid_InvalidParameter(string email)
    {
        var error = Assert.Throws<GalleryException>(() => UserRules.CheckEmail(email));
        Assert.That(error!.Message, Does.Contain("email"));
    }

    [TestCase("12345")]
    [TestCase("1234567")]
    [TestCase("abcdef")]
    [TestCase("١٢٣٤٥٦")]
    public void CheckCode_NotSixDigits_CodeMismatch(string code)
    {
        var error = Assert.Throws<GalleryException>(() => UserRules.CheckCode(code));
        Assert.That(error!.Code, Is.EqualTo(ErrorCode.CodeMismatch));
    }
}
