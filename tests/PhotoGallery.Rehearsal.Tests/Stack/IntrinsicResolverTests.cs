using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Stack;

public sealed class IntrinsicResolverTests
{
    private const string Where = "Resources.Fn.Properties.Value";

    private static readonly IntrinsicResolver Resolver = new(
        new Dictionary<string, PhysicalResource>
        {
            ["Photos"] = new("Photos", "AWS::S3::Bucket", "gallery-photos-abc",
                new Dictionary<string, string> { ["Arn"] = "arn:aws:s3:::gallery-photos-abc", ["RegionalDomainName"] = "gallery-photos-abc.s3.eu-west-1.amazonaws.com" }),
            ["Api"] = new("Api", "AWS::ApiGateway::RestApi", "a1b2c3d4e5", new Dictionary<string, string> { ["RootResourceId"] = "r00t000000" }),
        },
        new PseudoParameters("eu-west-1", "123456789012", "Gallery"),
        JsonNode.Parse("""{"RuntimeMap":{"eu-west-1":{"value":"nodejs20.x","list":["a","b"]}}}""")!.AsObject(),
        JsonNode.Parse("""
            {"Env":{"Type":"String","Default":"dev"},
             "BootstrapVersion":{"Type":"AWS::SSM::Parameter::Value<String>","Default":"/cdk-bootstrap/hnb659fds/version"},
             "NoDefault":{"Type":"String"}}
            """)!.AsObject());

    [TestCase("""{"Ref":"Photos"}""", "\"gallery-photos-abc\"", TestName = "Ref of a resource: its physical name")]
    [TestCase("""{"Ref":"Api"}""", "\"a1b2c3d4e5\"", TestName = "Ref of a REST API: its id")]
    [TestCase("""{"Ref":"AWS::Region"}""", "\"eu-west-1\"")]
    [TestCase("""{"Ref":"AWS::AccountId"}""", "\"123456789012\"")]
    [TestCase("""{"Ref":"AWS::Partition"}""", "\"aws\"")]
    [TestCase("""{"Ref":"AWS::URLSuffix"}""", "\"amazonaws.com\"")]
    [TestCase("""{"Ref":"AWS::StackName"}""", "\"Gallery\"")]
    [TestCase("""{"Ref":"Env"}""", "\"dev\"", TestName = "Ref of a parameter: its default")]
    [TestCase("""{"Fn::GetAtt":["Photos","Arn"]}""", "\"arn:aws:s3:::gallery-photos-abc\"")]
    [TestCase("""{"Fn::GetAtt":"Api.RootResourceId"}""", "\"r00t000000\"", TestName = "GetAtt in its dotted form")]
    [TestCase("""{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":s3:::",{"Ref":"Photos"},"/photos/*"]]}""", "\"arn:aws:s3:::gallery-photos-abc/photos/*\"")]
    [TestCase("""{"Fn::Join":[",",["a","b"]]}""", "\"a,b\"")]
    [TestCase("""{"Fn::Sub":"arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x-${AWS::Region}"}""", "\"arn:aws:iam::123456789012:role/x-eu-west-1\"")]
    [TestCase("""{"Fn::Sub":"${Photos.Arn}/uploads/*"}""", "\"arn:aws:s3:::gallery-photos-abc/uploads/*\"", TestName = "Sub with an attribute")]
    [TestCase("""{"Fn::Sub":"https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/"}""", "\"https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/\"")]
    [TestCase("""{"Fn::Sub":["${Name}-${AWS::Region}",{"Name":{"Ref":"Photos"}}]}""", "\"gallery-photos-abc-eu-west-1\"", TestName = "Sub in its list form")]
    [TestCase("""{"Fn::Sub":"${!Literal} and ${Env}"}""", "\"${Literal} and dev\"", TestName = "Sub keeps an escaped variable")]
    [TestCase("""{"Fn::Select":[1,{"Fn::Split":["/","a/b/c"]}]}""", "\"b\"")]
    [TestCase("""{"Fn::Select":["0",["x","y"]]}""", "\"x\"", TestName = "Select with its index as text")]
    [TestCase("""{"Fn::Split":[".",{"Fn::GetAtt":["Photos","RegionalDomainName"]}]}""", """["gallery-photos-abc","s3","eu-west-1","amazonaws","com"]""")]
    [TestCase("""{"Fn::FindInMap":["RuntimeMap",{"Ref":"AWS::Region"},"value"]}""", "\"nodejs20.x\"")]
    [TestCase("""{"Fn::FindInMap":["RuntimeMap","eu-west-1","list"]}""", """["a","b"]""")]
    [TestCase("""{"A":"x","B":{"Ref":"AWS::NoValue"},"C":[1,{"Ref":"AWS::NoValue"}]}""", """{"A":"x","C":[1]}""", TestName = "NoValue leaves the property out")]
    [TestCase("""{"Variables":{"BUCKET":{"Ref":"Photos"},"N":3}}""", """{"Variables":{"BUCKET":"gallery-photos-abc","N":3}}""", TestName = "Intrinsics inside objects")]
    [TestCase("\"plain\"", "\"plain\"")]
    public void Resolve_Intrinsic_Value(string template, string expected)
    {
        var resolved = Resolver.Resolve(JsonNode.Parse(template), Where);

        Assert.That(resolved?.ToJsonString(), Is.EqualTo(JsonNode.Parse(expected)!.ToJsonString()));
    }

    [TestCase("""{"Ref":"Missing"}""", "Ref Missing: no resource, parameter or pseudo parameter of that name")]
    [TestCase("""{"Ref":"BootstrapVersion"}""", "Ref BootstrapVersion: the template parameter has no value the rehearsal can use")]
    [TestCase("""{"Ref":"NoDefault"}""", "Ref NoDefault: the template parameter has no value")]
    [TestCase("""{"Fn::GetAtt":["Missing","Arn"]}""", "Fn::GetAtt Missing.Arn: the template has no resource Missing")]
    [TestCase("""{"Fn::GetAtt":["Photos","WebsiteURL"]}""", "Fn::GetAtt Photos.WebsiteURL: the rehearsal knows no attribute WebsiteURL of a AWS::S3::Bucket (it knows Arn, RegionalDomainName)")]
    [TestCase("""{"Fn::Sub":"${Missing}/x"}""", "Fn::Sub ${Missing}: no variable, resource, parameter or pseudo parameter")]
    [TestCase("""{"Fn::Sub":"${Photos"}""", "has a ${ without its }")]
    [TestCase("""{"Fn::Select":[5,["a"]]}""", "Fn::Select index 5 is past the end of a list of 1")]
    [TestCase("""{"Fn::Select":["x",["a"]]}""", "Fn::Select's index \"x\" is not a number")]
    [TestCase("""{"Fn::FindInMap":["RuntimeMap","eu-central-1","value"]}""", "Mappings.RuntimeMap.eu-central-1.value is not in the template")]
    [TestCase("""{"Fn::Join":["-","not a list"]}""", "Fn::Join's second argument is not a list")]
    [TestCase("""{"Fn::If":["IsProd","a","b"]}""", "Fn::If is not supported by the rehearsal")]
    [TestCase("""{"Fn::Join":["",[{"A":1}]]}""", "expected a text value")]
    public void Resolve_Unresolvable_ErrorNamesPropertyAndCause(string template, string cause)
    {
        var error = Assert.Throws<TemplateException>(() => Resolver.Resolve(JsonNode.Parse(template), Where));

        Assert.That(error!.Message, Does.StartWith(Where).And.Contain(cause));
    }

    [Test]
    public void ResolveStrings_SingleValue_ListOfOne()
    {
        Assert.That(Resolver.ResolveStrings(JsonNode.Parse("""{"Ref":"Photos"}"""), Where), Is.EqualTo(new[] { "gallery-photos-abc" }));
    }

    [Test]
    public void ResolveString_List_ErrorNamesProperty()
    {
        var error = Assert.Throws<TemplateException>(() => Resolver.ResolveString(JsonNode.Parse("""["a"]"""), Where));

        Assert.That(error!.Message, Does.StartWith(Where).And.Contain("expected a text value"));
    }
}
