using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Stack;

public sealed class TemplateGraphTests
{
    [Test]
    public void CreationOrder_References_EachAfterWhatItNames()
    {
        var resources = JsonNode.Parse("""
            {
              "Client": {"Type":"T","Properties":{"UserPoolId":{"Ref":"Pool"}}},
              "Function": {"Type":"T","Properties":{"Role":{"Fn::GetAtt":["Role","Arn"]},"Name":{"Fn::Sub":"${Bucket.Arn}-${AWS::Region}"}}},
              "Role": {"Type":"T","DependsOn":"Pool"},
              "Bucket": {"Type":"T","DependsOn":["Role"]},
              "Pool": {"Type":"T","Properties":{"Name":{"Fn::Sub":["${X}",{"X":"literal"}]}}}
            }
            """)!.AsObject();

        var order = TemplateGraph.CreationOrder(resources).ToList();

        Assert.That(order.IndexOf("Pool"), Is.LessThan(order.IndexOf("Client")));
        Assert.That(order.IndexOf("Role"), Is.LessThan(order.IndexOf("Function")));
        Assert.That(order.IndexOf("Bucket"), Is.LessThan(order.IndexOf("Function")));
        Assert.That(order.IndexOf("Pool"), Is.LessThan(order.IndexOf("Role")));
        Assert.That(order.IndexOf("Role"), Is.LessThan(order.IndexOf("Bucket")));
        Assert.That(order, Is.EquivalentTo(new[] { "Client", "Function", "Role", "Bucket", "Pool" }));
    }

    [Test]
    public void CreationOrder_Circle_ErrorNamesTheResources()
    {
        var resources = JsonNode.Parse("""
            {"A":{"Type":"T","Properties":{"X":{"Ref":"B"}}},"B":{"Type":"T","Properties":{"X":{"Fn::GetAtt":"A.Arn"}}},"C":{"Type":"T"}}
            """)!.AsObject();

        var error = Assert.Throws<TemplateException>(() => TemplateGraph.CreationOrder(resources));

        Assert.That(error!.Message, Does.Contain("A, B").And.Contain("circle").And.Not.Contain("C,"));
    }

    [Test]
    public void DependenciesOf_PseudoParametersAndTemplateParameters_NotDependencies()
    {
        var resources = JsonNode.Parse("""{"A":{"Type":"T"},"B":{"Type":"T","Properties":{"X":{"Ref":"AWS::Region"},"Y":{"Ref":"Param"},"Z":{"Fn::Sub":"${!A}"}}}}""")!.AsObject();

        Assert.That(TemplateGraph.DependenciesOf("B", resources["B"]!.AsObject(), resources), Is.Empty);
    }

    [Test]
    public void CreationOrder_FixtureTemplate_EveryResourceOnce()
    {
        var resources = StackTemplates.Fixture()["Resources"]!.AsObject();

        var order = TemplateGraph.CreationOrder(resources);

        Assert.That(order, Is.Unique);
        Assert.That(order, Has.Count.EqualTo(resources.Count));
        Assert.That(order.ToList().IndexOf("Users0A0EEA89"), Is.LessThan(order.ToList().IndexOf("UsersWebClient8EE36D42")));
    }
}
