using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Aws;

namespace PhotoGallery.Rehearsal.Tests.Aws;

/// <summary>
/// IAM's decisions on the roles the stack synthesizes today (statements copied from the template's
/// AddPhoto, GetPhoto and Search default policies, intrinsics resolved to concrete ARNs).
/// </summary>
[TestFixture]
[Category(TestCategories.Rehearsal)]
public sealed class PolicyEvaluatorTests
{
    internal const string Account = "123456789012";
    internal const string Bucket = "arn:aws:s3:::photogallery-photos-1a2b3c";
    internal const string Table = "arn:aws:dynamodb:us-east-1:123456789012:table/PhotoGallery-PhotosTable-7E3E5302";

    private PolicyEvaluator _evaluator = null!;

    /// <summary>AddPhotoServiceRoleDefaultPolicy: note the s3:prefix condition on s3:ListBucket.</summary>
    internal static JsonObject AddPhotoPolicy => Policy($$"""
        [
          { "Action": ["s3:PutObject", "s3:GetObject"], "Effect": "Allow", "Resource": ["{{Bucket}}/photos/*", "{{Bucket}}/uploads/*"] },
          { "Action": "s3:ListBucket", "Condition": { "StringLike": { "s3:prefix": ["photos/*", "uploads/*"] } }, "Effect": "Allow", "Resource": "{{Bucket}}" },
          { "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchWriteItem"], "Effect": "Allow", "Resource": ["{{Table}}", "{{Table}}/index/*"] }
        ]
        """);

    /// <summary>GetPhotoServiceRoleDefaultPolicy.</summary>
    internal static JsonObject GetPhotoPolicy => Policy($$"""
        [
          { "Action": "s3:GetObject", "Effect": "Allow", "Resource": "{{Bucket}}/photos/*" },
          { "Action": "dynamodb:GetItem", "Effect": "Allow", "Resource": ["{{Table}}", "{{Table}}/index/*"] }
        ]
        """);

    /// <summary>SearchServiceRoleDefaultPolicy.</summary>
    internal static JsonObject SearchPolicy => Policy($$"""
        [
          { "Action": "s3:GetObject", "Effect": "Allow", "Resource": "{{Bucket}}/photos/*" },
          { "Action": ["dynamodb:Query", "dynamodb:BatchGetItem"], "Effect": "Allow", "Resource": ["{{Table}}", "{{Table}}/index/*"] }
        ]
        """);

    [OneTimeSetUp]
    public async Task StartEvaluator() => _evaluator = await PolicyEvaluator.StartAsync(TestContext.Progress.WriteLine, default);

    [OneTimeTearDown]
    public async Task StopEvaluator() => await _evaluator.DisposeAsync();

    [TestCase("s3:PutObject", $"{Bucket}/uploads/0123.png", "", PolicyResult.Allowed)]
    [TestCase("s3:GetObject", $"{Bucket}/photos/0123.png", "", PolicyResult.Allowed)]
    [TestCase("s3:PutObject", $"{Bucket}/other/0123.png", "", PolicyResult.ImplicitlyDenied)]
    [TestCase("s3:DeleteObject", $"{Bucket}/uploads/0123.png", "", PolicyResult.ImplicitlyDenied)]
    [TestCase("s3:ListBucket", Bucket, "", PolicyResult.ImplicitlyDenied)]
    [TestCase("s3:ListBucket", Bucket, "photos/0123", PolicyResult.Allowed)]
    [TestCase("s3:ListBucket", Bucket, "other/", PolicyResult.ImplicitlyDenied)]
    [TestCase("dynamodb:PutItem", Table, "", PolicyResult.Allowed)]
    [TestCase("dynamodb:BatchWriteItem", Table, "", PolicyResult.Allowed)]
    [TestCase("dynamodb:Query", Table, "", PolicyResult.ImplicitlyDenied)]
    [TestCase("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/AnotherTable", "", PolicyResult.ImplicitlyDenied)]
    public async Task EvaluateAsync_AddPhotoRole_DecidesAsIam(string action, string resource, string prefix, PolicyResult expected)
    {
        var context = prefix.Length == 0 ? IamAuthorization.NoContext : new Dictionary<string, string> { ["s3:prefix"] = prefix };

        var decision = await Evaluate([AddPhotoPolicy], "AddPhoto", action, resource, context);

        Assert.That(decision, Is.EqualTo(new PolicyDecision(expected)));
    }

    [TestCase("s3:GetObject", $"{Bucket}/photos/0123.png", PolicyResult.Allowed)]
    [TestCase("s3:GetObject", $"{Bucket}/uploads/0123.png", PolicyResult.ImplicitlyDenied)]
    [TestCase("dynamodb:GetItem", Table, PolicyResult.Allowed)]
    [TestCase("dynamodb:PutItem", Table, PolicyResult.ImplicitlyDenied)]
    [TestCase("dynamodb:Query", $"{Table}/index/GSI1", PolicyResult.ImplicitlyDenied)]
    public async Task EvaluateAsync_GetPhotoRole_DecidesAsIam(string action, string resource, PolicyResult expected)
    {
        var decision = await Evaluate([GetPhotoPolicy], "GetPhoto", action, resource);

        Assert.That(decision.Result, Is.EqualTo(expected));
    }

    [TestCase("dynamodb:Query", $"{Table}/index/GSI1", PolicyResult.Allowed)]
    [TestCase("dynamodb:BatchGetItem", Table, PolicyResult.Allowed)]
    [TestCase("dynamodb:Scan", Table, PolicyResult.ImplicitlyDenied)]
    public async Task EvaluateAsync_SearchRole_DecidesAsIam(string action, string resource, PolicyResult expected)
    {
        var decision = await Evaluate([SearchPolicy], "Search", action, resource);

        Assert.That(decision.Result, Is.EqualTo(expected));
    }

    [Test]
    public async Task EvaluateAsync_DenyStatement_IsAnExplicitDenyOverAnAllow()
    {
        var deny = Policy($$"""[{ "Action": "s3:GetObject", "Effect": "Deny", "Resource": "{{Bucket}}/photos/secret.png" }]""");

        var decision = await Evaluate([GetPhotoPolicy, deny], "GetPhoto", "s3:GetObject", $"{Bucket}/photos/secret.png");

        Assert.That(decision.Result, Is.EqualTo(PolicyResult.ExplicitlyDenied));
    }

    [Test]
    public async Task EvaluateAsync_NoPolicies_IsImplicitlyDenied()
    {
        var decision = await Evaluate([], "SignUp", "dynamodb:GetItem", Table);

        Assert.That(decision.Result, Is.EqualTo(PolicyResult.ImplicitlyDenied));
    }

    [TestCase("s3:NoSuchAction", $"{Bucket}/photos/x", "invalid.action")]
    [TestCase("cognito-idp:SignUp", "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc", "must.use.wildcard")]
    public async Task EvaluateAsync_RequestIamCannotJudge_IsAnErrorNamingTheCause(string action, string resource, string cause)
    {
        var decision = await Evaluate([GetPhotoPolicy], "GetPhoto", action, resource);

        Assert.That(decision.Result, Is.EqualTo(PolicyResult.Error));
        Assert.That(decision.Error, Does.Contain(cause));
    }

    [Test]
    public async Task EvaluateAsync_InvalidPolicy_IsAnErrorNamingTheStatement()
    {
        var broken = Policy("""[{ "Action": "s3:GetObject", "Effect": "Alow", "Resource": "*" }]""");

        var decision = await Evaluate([broken], "GetPhoto", "s3:GetObject", $"{Bucket}/photos/x");

        Assert.That(decision.Result, Is.EqualTo(PolicyResult.Error));
        Assert.That(decision.Error, Does.Contain("Effect"));
    }

    [Test]
    public async Task EvaluateAsync_ManyConcurrentCallers_EachGetsItsOwnAnswer()
    {
        var requests = Enumerable.Range(0, 200).Select(i => i % 2 == 0
            ? (Key: $"{Bucket}/photos/{i}.png", Expected: PolicyResult.Allowed)
            : (Key: $"{Bucket}/uploads/{i}.png", Expected: PolicyResult.ImplicitlyDenied)).ToList();

        var decisions = await Task.WhenAll(requests.Select(r => Evaluate([GetPhotoPolicy], "GetPhoto", "s3:GetObject", r.Key)));

        Assert.That(decisions.Select(d => d.Result), Is.EqualTo(requests.Select(r => r.Expected)));
    }

    [Test]
    public async Task EvaluateAsync_AfterDispose_FailsWithAClearMessage()
    {
        var evaluator = await PolicyEvaluator.StartAsync(TestContext.Progress.WriteLine, default);
        await evaluator.DisposeAsync();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => evaluator.EvaluateAsync(
            [GetPhotoPolicy], Principal("GetPhoto"), "s3:GetObject", $"{Bucket}/photos/x", Account, IamAuthorization.NoContext, default));

        Assert.That(failure!.Message, Does.Contain("IAM evaluator"));
    }

    internal static JsonObject Policy(string statements) =>
        new() { ["Version"] = "2012-10-17", ["Statement"] = JsonNode.Parse(statements) };

    private static string Principal(string function) => $"arn:aws:sts::{Account}:assumed-role/{function}Role/PhotoGallery-{function}";

    private Task<PolicyDecision> Evaluate(
        JsonObject[] policies, string function, string action, string resource, IReadOnlyDictionary<string, string>? context = null) =>
        _evaluator.EvaluateAsync(policies, Principal(function), action, resource, Account, context ?? IamAuthorization.NoContext, default);
}
