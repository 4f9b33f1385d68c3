using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Stack;

/// <summary>Functions read from small templates, every resource given the identity the provisioner would give it.</summary>
public sealed class FunctionReaderTests
{
    private readonly List<string> _notes = [];

    [SetUp]
    public void ForgetNotes() => _notes.Clear();

    private IReadOnlyList<LambdaFunction> Read(string resources)
    {
        var template = JsonNode.Parse($$"""{"Resources":{{resources}}}""")!.AsObject();
        var physical = new Dictionary<string, PhysicalResource>(StringComparer.Ordinal);
        var stack = new PseudoParameters("eu-west-1", "123456789012", "Gallery");
        var view = new TemplateResources(template, new IntrinsicResolver(physical, stack));
        var identities = new ResourceIdentities(view, new PhysicalNames(new Random(1)), stack);
        foreach (var id in TemplateGraph.CreationOrder(template["Resources"]!.AsObject()))
            physical[id] = identities.For(view.Find(id)!);
        return new FunctionReader(view, physical, _notes).ReadAll();
    }

    private const string Role = """
        "Role": {"Type":"AWS::IAM::Role","Properties":{
          "RoleName":"gallery-fn",
          "ManagedPolicyArns":[{"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},"arn:aws:iam::aws:policy/AmazonS3FullAccess",{"Ref":"Shared"}],
          "Policies":[{"PolicyName":"inline","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}]}},
        "Shared": {"Type":"AWS::IAM::ManagedPolicy","Properties":{"ManagedPolicyName":"shared","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}}},
        "Extra": {"Type":"AWS::IAM::Policy","Properties":{"PolicyName":"extra","Roles":[{"Ref":"Role"}],
          "PolicyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}]}"}}
        """;

    [Test]
    public void ReadAll_DefaultsAndAssetMetadata_AsLambdaAndTheCdkCliSeeThem()
    {
        var function = Read("{" + Role + "," + """
              "Fn": {"Type":"AWS::Lambda::Function","Metadata":{"aws:asset:path":"asset.abc","aws:asset:property":"Code"},
                "Properties":{"Handler":"A::B.C::D","Runtime":"dotnet10","Role":{"Fn::GetAtt":["Role","Arn"]},
                  "Code":{"S3Bucket":"b","S3Key":"def.zip"}}} }
            """).Single();

        Assert.That(function.FunctionName, Does.Match("^Gallery-Fn-[A-Z0-9]{13}$"), "CloudFormation names a function the template does not");
        Assert.That(function.Arn, Is.EqualTo($"arn:aws:lambda:eu-west-1:123456789012:function:{function.FunctionName}"));
        Assert.That(function.MemorySize, Is.EqualTo(128));
        Assert.That(function.Timeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(function.Architecture, Is.EqualTo("x86_64"));
        Assert.That(function.Environment, Is.Empty);
        Assert.That(function.AssetPath, Is.EqualTo("asset.abc"), "the CDK's asset metadata wins over the S3 key");
        Assert.That(function.RoleArn, Is.EqualTo("arn:aws:iam::123456789012:role/gallery-fn"));
    }

    [Test]
    public void ReadAll_RoleWithEveryKindOfPolicy_AllButTheUnknownManagedOne()
    {
        var function = Read("{" + Role + "," + """
              "Fn": {"Type":"AWS::Lambda::Function","Properties":{"Handler":"h","Runtime":"dotnet10","Role":{"Fn::GetAtt":["Role","Arn"]},
                "Architectures":["arm64"],"MemorySize":512,"Timeout":"10","Code":{"S3Key":"0123.zip"},
                "Environment":{"Variables":{"COUNT":3,"FLAG":true,"NAME":{"Ref":"AWS::StackName"}}}}} }
            """).Single();

        Assert.That(function.Policies.Select(p => p.Name), Is.EquivalentTo(new[] { "extra", "inline", "AWSLambdaBasicExecutionRole", "shared" }));
        Assert.That(function.Policies.Single(p => p.Name == "extra").Document["Statement"]![0]!["Action"]!.GetValue<string>(), Is.EqualTo("dynamodb:GetItem"));
        Assert.That(_notes, Has.One.EqualTo("role Role: managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess is unknown to the rehearsal; its permissions are not granted."));
        Assert.That(function.AssetPath, Is.EqualTo("asset.0123"));
        Assert.That((function.Architecture, function.MemorySize, function.Timeout), Is.EqualTo(("arm64", 512, TimeSpan.FromSeconds(10))));
        Assert.That(function.Environment, Is.EquivalentTo(new Dictionary<string, string> { ["COUNT"] = "3", ["FLAG"] = "true", ["NAME"] = "Gallery" }));
    }

    [Test]
    public void ReadAll_RoleOutsideTheTemplate_NoPoliciesAndANote()
    {
        var function = Read("""
            { "Fn": {"Type":"AWS::Lambda::Function","Properties":{"FunctionName":"fn","Handler":"h","Runtime":"dotnet10",
                "Role":"arn:aws:iam::123456789012:role/elsewhere","Code":{"S3Key":"1.zip"}}} }
            """).Single();

        Assert.That(function.Policies, Is.Empty);
        Assert.That(_notes, Has.One.Contains("its role arn:aws:iam::123456789012:role/elsewhere is not in the template"));
    }

    [Test]
    public void ReadAll_CustomResourceProvider_LeftOutAndNoted()
    {
        var functions = Read("""
            { "Provider": {"Type":"AWS::Lambda::Function","Properties":{"Handler":"index.handler","Runtime":"nodejs20.x","Role":"r","Code":{"S3Key":"1.zip"}}},
              "Cleanup": {"Type":"Custom::Cleanup","Properties":{"ServiceToken":{"Fn::GetAtt":["Provider","Arn"]}}},
              "Fn": {"Type":"AWS::Lambda::Function","Properties":{"FunctionName":"fn","Handler":"h","Runtime":"dotnet10","Role":"r","Code":{"S3Key":"2.zip"}}} }
            """);

        Assert.That(functions.Select(f => f.LogicalId), Is.EqualTo(new[] { "Fn" }));
        Assert.That(_notes, Has.Some.EqualTo("function Provider is not run: it serves the custom resource Cleanup."));
    }

    [TestCase("""{"FunctionName":"fn","Runtime":"dotnet10","Role":"r","Code":{"S3Key":"1.zip"}}""", "Resources.Fn.Properties.Handler is missing")]
    [TestCase("""{"FunctionName":"fn","Handler":"h","Runtime":"dotnet10","Role":"r","Code":{"ZipFile":"exports.handler=1"}}""", "Resources.Fn.Properties.Code: no CDK asset")]
    [TestCase("""{"FunctionName":"fn","PackageType":"Image","Role":"r","Code":{"ImageUri":"x"}}""", "Resources.Fn.Properties.PackageType is Image")]
    [TestCase("""{"FunctionName":"fn","Handler":"h","Runtime":"dotnet10","Role":"r","Timeout":"ten","Code":{"S3Key":"1.zip"}}""", "Resources.Fn.Properties.Timeout is \"ten\", not a whole number")]
    public void ReadAll_FunctionLambdaCouldNotRun_ErrorNamesTheProperty(string properties, string message)
    {
        var error = Assert.Throws<TemplateException>(() => Read($$"""{ "Fn": {"Type":"AWS::Lambda::Function","Properties":{{properties}}} }"""));

        Assert.That(error!.Message, Does.StartWith(message));
    }
}
