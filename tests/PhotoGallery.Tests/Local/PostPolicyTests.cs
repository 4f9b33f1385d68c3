using System.Text;
using NUnit.Framework;
using PhotoGallery.Local.Storage;

namespace PhotoGallery.Tests.Local;

/// <summary>S3's POST policy as the folder store and the rehearsal's S3 stand-in read and check it.</summary>
public sealed class PostPolicyTests
{
    private static readonly DateTimeOffset Expires = new(2026, 11, 25, 12, 15, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Expires.AddMinutes(-10);

    private static readonly Dictionary<string, string> Form = new(StringComparer.OrdinalIgnoreCase)
    {
        ["key"] = "uploads/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.png",
        ["Content-Type"] = "image/png",
        ["x-amz-date"] = "20261125T120000Z",
        ["Policy"] = "(the policy itself)",
        ["x-amz-signature"] = "(its signature)",
    };

    // The SDK's shape: object conditions, an eq array, a starts-with, and the size range.
    private static readonly string Policy = Base64("""
        {"expiration":"2026-11-25T12:15:00.000Z","conditions":[{"bucket":"photos"},["eq","$key","uploads/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.png"],
         {"Content-Type":"image/png"},["starts-with","$x-amz-date","2026"],["content-length-range",1000,2000]]}
        """);

    [Test]
    public void Parse_TheSdksShape_ExpirationAndSizeRange()
    {
        var policy = PostPolicy.Parse(Policy, out var problem);

        Assert.That(policy, Is.Not.Null, problem);
        Assert.That((policy!.Expiration, policy.MinimumSize, policy.MaximumSize), Is.EqualTo((Expires, (long?)1000, (long?)2000)));
    }

    [Test]
    public void Check_TheFormItWasMadeFor_Null() =>
        Assert.That(PostPolicy.Parse(Policy, out _)!.Check(Form, "photos", Now), Is.Null);

    [TestCase("key", "uploads/01JD3ZK8Q2V7W4X9Y6T5R3P1NM/original.jpg", "Policy Condition failed: [\"eq\",\"$key\"")]
    [TestCase("Content-Type", "text/html", "Policy Condition failed: {\"Content-Type\":\"image/png\"}")]
    [TestCase("x-amz-date", "20251125T120000Z", "Policy Condition failed: [\"starts-with\",\"$x-amz-date\",\"2026\"]")]
    [TestCase("acl", "public-read", "Extra input fields: acl")]
    public void Check_AFieldChangedOrAdded_SaysWhichCondition(string field, string value, string expected)
    {
        var form = new Dictionary<string, string>(Form, StringComparer.OrdinalIgnoreCase) { [field] = value };

        Assert.That(PostPolicy.Parse(Policy, out _)!.Check(form, "photos", Now), Does.StartWith("Invalid according to Policy: ").And.Contain(expected));
    }

    [Test]
    public void Check_AFieldLeftOut_ConditionFailed()
    {
        var form = new Dictionary<string, string>(Form, StringComparer.OrdinalIgnoreCase);
        form.Remove("Content-Type");

        Assert.That(PostPolicy.Parse(Policy, out _)!.Check(form, "photos", Now), Does.Contain("Condition failed"));
    }

    [Test]
    public void Check_AnotherBucket_ConditionFailed() =>
        Assert.That(PostPolicy.Parse(Policy, out _)!.Check(Form, "elsewhere", Now), Does.Contain("{\"bucket\":\"photos\"}"));

    [Test]
    public void Check_PastItsExpiration_PolicyExpired() =>
        Assert.That(PostPolicy.Parse(Policy, out _)!.Check(Form, "photos", Expires.AddSeconds(1)), Is.EqualTo("Invalid according to Policy: Policy expired."));

    [TestCase("not base64!", "Invalid JSON")]
    [TestCase("e30=", "missing expiration")] // {}
    [TestCase("eyJleHBpcmF0aW9uIjoiMjAyNi0xMS0yNVQxMjoxNTowMFoifQ==", "missing conditions")]
    public void Parse_NotAPolicy_NullWithS3sReason(string text, string reason)
    {
        Assert.That(PostPolicy.Parse(text, out var problem), Is.Null);
        Assert.That(problem, Does.Contain(reason));
    }

    [TestCase("""["content-length-range",2000,1000]""")]
    [TestCase("""["content-length-range",-1,1000]""")]
    [TestCase("""["ends-with","$key","png"]""")]
    [TestCase("""{"key":"a","Content-Type":"b"}""")]
    public void Parse_AConditionS3DoesNotKnow_NullNamingIt(string condition)
    {
        var text = Base64($$"""{"expiration":"2026-11-25T12:15:00Z","conditions":[{{condition}}]}""");

        Assert.That(PostPolicy.Parse(text, out var problem), Is.Null);
        Assert.That(problem, Does.StartWith("Invalid Policy: Invalid Condition"));
    }

    [Test]
    public void Encode_ThenParse_TheSameBounds()
    {
        var text = PostPolicy.Encode(Expires, PostPolicy.Exact("key", "k"), PostPolicy.ContentLengthRange(7, 7));

        var policy = PostPolicy.Parse(text, out _)!;

        Assert.That((policy.Expiration, policy.MinimumSize, policy.MaximumSize), Is.EqualTo((Expires, (long?)7, (long?)7)));
        Assert.That(policy.Check(new Dictionary<string, string> { ["key"] = "k" }, "", Now), Is.Null);
    }

    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ReplaceLineEndings("")));
}
