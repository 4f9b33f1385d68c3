using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Stack;

/// <summary>Bucket notifications and Lambda permissions read from small templates, as CDK writes them.</summary>
public sealed class NotificationReaderTests
{
    private const string Account = "123456789012";
    private readonly List<string> _notes = [];

    [SetUp]
    public void ForgetNotes() => _notes.Clear();

    private static (TemplateResources View, Dictionary<string, PhysicalResource> Physical) Resolve(string resources)
    {
        var template = JsonNode.Parse($$"""{"Resources":{{resources}}}""")!.AsObject();
        var physical = new Dictionary<string, PhysicalResource>(StringComparer.Ordinal);
        var stack = new PseudoParameters("eu-west-1", Account, "Gallery");
        var view = new TemplateResources(template, new IntrinsicResolver(physical, stack));
        var identities = new ResourceIdentities(view, new PhysicalNames(new Random(1)), stack);
        foreach (var id in TemplateGraph.CreationOrder(template["Resources"]!.AsObject()))
        {
            var resource = view.Find(id)!;
            physical[id] = resource.Type == "AWS::S3::Bucket" ? identities.Bucket(resource, "gallery-photos") : identities.For(resource);
        }
        return (view, physical);
    }

    private IReadOnlyList<BucketNotificationModel> Read(string resources) => new NotificationReader(Resolve(resources).View, _notes).ReadAll();

    // The shape of CDK 2.160's bucket notification (suffix rule first, as it writes them) and its permission.
    private const string Gallery = """
        "Photos": {"Type":"AWS::S3::Bucket","Properties":{}},
        "Role": {"Type":"AWS::IAM::Role","Properties":{"RoleName":"fn"}},
        "Process": {"Type":"AWS::Lambda::Function","Properties":{"FunctionName":"gallery-process","Handler":"A::B.C::D","Runtime":"dotnet10",
          "Role":{"Fn::GetAtt":["Role","Arn"]},"Code":{"S3Bucket":"b","S3Key":"k.zip"}}},
        "Allow": {"Type":"AWS::Lambda::Permission","Properties":{"Action":"lambda:InvokeFunction","FunctionName":{"Fn::GetAtt":["Process","Arn"]},
          "Principal":"s3.amazonaws.com","SourceAccount":{"Ref":"AWS::AccountId"},"SourceArn":{"Fn::GetAtt":["Photos","Arn"]}}}
        """;

    private static string Notifications(string configuration) => $$$"""
        "Notifications": {"Type":"Custom::S3BucketNotifications","DependsOn":["Allow"],"Properties":{
          "ServiceToken":"arn:aws:lambda:eu-west-1:123456789012:function:handler","BucketName":{"Ref":"Photos"},
          "NotificationConfiguration":{{{configuration}}},"Managed":true}}
        """;

    [Test]
    public void ReadAll_CdksNotificationResource_EveryConfigurationResolved()
    {
        var bucket = Read("{" + Gallery + "," + Notifications("""
            {"LambdaFunctionConfigurations":[
              {"Events":["s3:ObjectCreated:*"],"Filter":{"Key":{"FilterRules":[{"Name":"suffix","Value":"/original.jpg"},{"Name":"prefix","Value":"photos/"}]}},
               "LambdaFunctionArn":{"Fn::GetAtt":["Process","Arn"]}},
              {"Id":"pngs","Events":["s3:ObjectCreated:Put","s3:ObjectCreated:Copy"],"Filter":{"Key":{"FilterRules":[{"Name":"Suffix","Value":".png"}]}},
               "LambdaFunctionArn":{"Fn::GetAtt":["Process","Arn"]}}]}
            """) + "}").Single();

        Assert.That(bucket.Bucket, Is.EqualTo("gallery-photos"));
        Assert.That(bucket.LogicalId, Is.EqualTo("Notifications"));
        Assert.That(bucket.Lambdas, Is.EqualTo(new[]
        {
            new LambdaNotification("Notification1", "arn:aws:lambda:eu-west-1:123456789012:function:gallery-process", ["s3:ObjectCreated:*"], "photos/", "/original.jpg"),
            new LambdaNotification("pngs", "arn:aws:lambda:eu-west-1:123456789012:function:gallery-process", ["s3:ObjectCreated:Put", "s3:ObjectCreated:Copy"], "", ".png"),
        }).Using<LambdaNotification>((a, b) => a.Id == b.Id && a.FunctionArn == b.FunctionArn && a.Events.SequenceEqual(b.Events) && a.Prefix == b.Prefix && a.Suffix == b.Suffix));
        Assert.That(_notes, Is.Empty);
    }

    [Test]
    public void ReadAll_QueueTopicAndBucketProperty_NotedNotRehearsed()
    {
        var buckets = Read("{" + Gallery.Replace("\"Photos\": {\"Type\":\"AWS::S3::Bucket\",\"Properties\":{}}",
            "\"Photos\": {\"Type\":\"AWS::S3::Bucket\",\"Properties\":{\"NotificationConfiguration\":{}}}", StringComparison.Ordinal) + "," + Notifications("""
            {"QueueConfigurations":[{"Events":["s3:ObjectCreated:*"],"QueueArn":"arn:aws:sqs:eu-west-1:123456789012:q"}],
             "TopicConfigurations":[{"Events":["s3:ObjectRemoved:*"],"TopicArn":"arn:aws:sns:eu-west-1:123456789012:t"}]}
            """) + "}");

        Assert.That(buckets.Single().Lambdas, Is.Empty);
        Assert.That(_notes, Has.Some.Contains("QueueConfigurations are not rehearsed").And.Some.Contains("TopicConfigurations are not rehearsed")
            .And.Some.Contains("bucket Photos: its own NotificationConfiguration property is not rehearsed"));
    }

    [Test]
    public void ReadAll_FilterRuleS3DoesNotKnow_NamesItAndWhere()
    {
        var error = Assert.Throws<TemplateException>(() => Read("{" + Gallery + "," + Notifications("""
            {"LambdaFunctionConfigurations":[{"Events":["s3:ObjectCreated:*"],"Filter":{"Key":{"FilterRules":[{"Name":"contains","Value":"x"}]}},
              "LambdaFunctionArn":{"Fn::GetAtt":["Process","Arn"]}}]}
            """) + "}"));

        Assert.That(error!.Message, Does.Contain("Resources.Notifications.Properties.NotificationConfiguration.LambdaFunctionConfigurations[0].Filter.Key.FilterRules")
            .And.Contain("\"contains\""));
    }

    [Test]
    public void ReadAll_ConfigurationWithoutEvents_SaysS3NeedsThem()
    {
        var error = Assert.Throws<TemplateException>(() => Read("{" + Gallery + "," + Notifications("""
            {"LambdaFunctionConfigurations":[{"LambdaFunctionArn":{"Fn::GetAtt":["Process","Arn"]}}]}
            """) + "}"));

        Assert.That(error!.Message, Does.Contain("LambdaFunctionConfigurations[0].Events is missing"));
    }

    [Test]
    public void LambdaPermissions_S3Permission_FunctionArnBucketArnAndAccountResolved()
    {
        var (view, physical) = Resolve("{" + Gallery + "}");

        var grant = LambdaPermissions.Read(view, physical, _notes).Single();

        Assert.That(grant, Is.EqualTo(new InvokeGrant("arn:aws:lambda:eu-west-1:123456789012:function:gallery-process", "s3.amazonaws.com",
            "arn:aws:s3:::gallery-photos", Account)));
    }

    [TestCase("s3:ObjectCreated:*", "ObjectCreated:Put", "photos/1/original.jpg", true)]
    [TestCase("s3:ObjectCreated:*", "ObjectCreated:Copy", "photos/1/original.jpg", true)]
    [TestCase("s3:ObjectCreated:*", "ObjectCreated:CompleteMultipartUpload", "photos/1/original.jpg", true)]
    [TestCase("s3:ObjectCreated:Put", "ObjectCreated:Copy", "photos/1/original.jpg", false, TestName = "Matches: another kind of creation")]
    [TestCase("s3:ObjectCreated:Copy", "ObjectCreated:Copy", "photos/1/original.jpg", true)]
    [TestCase("s3:ObjectRemoved:*", "ObjectCreated:Put", "photos/1/original.jpg", false)]
    [TestCase("s3:ObjectCreated:*", "ObjectCreated:Put", "photos/1/thumbnail.jpg", false, TestName = "Matches: the suffix (no loop on variants)")]
    [TestCase("s3:ObjectCreated:*", "ObjectCreated:Put", "uploads/1/original.jpg", false, TestName = "Matches: the prefix")]
    [TestCase("s3:ObjectCreated:*", "ObjectCreated:Put", "photos/1/original.JPG", false, TestName = "Matches: case matters")]
    public void Matches_EventAndKey_AsS3FiltersThem(string configured, string eventName, string key, bool expected)
    {
        var notification = new LambdaNotification("n", "arn", [configured], "photos/", "/original.jpg");

        Assert.That(notification.Matches(eventName, key), Is.EqualTo(expected));
    }
}
