using System.Text.Json.Nodes;
using NUnit.Framework;
using NUnit.Framework.Internal;

namespace PhotoGallery.Tests.Shared;

/// <summary>JSON compared by value; a difference is named by its path with both values, the first one only.</summary>
public sealed class JsonAssertTests
{
    [TestCase("""{"photo":{"tags":["beach","sea"]}}""", """{"photo":{"tags":["beach","sky"]}}""", "$.photo.tags[1]: expected \"sea\" but was \"sky\"")]
    [TestCase("""{"photo":{"title":"Harbour","size":300}}""", """{"photo":{"size":300}}""", "$.photo.title: expected \"Harbour\" but was (missing)")]
    [TestCase("""{"photo":{"size":300}}""", """{"photo":{"size":300,"owner":"alice"}}""", "$.photo.owner: expected (missing) but was \"alice\"")]
    [TestCase("""["sea","sky","gold"]""", """["sea","sky"]""", "$[2]: expected \"gold\" but was (missing)")]
    [TestCase("""["sea"]""", """["sea","sky"]""", "$[1]: expected (missing) but was \"sky\"")]
    [TestCase("""{"size":300}""", """{"size":"300"}""", "$.size: expected 300 but was \"300\"")]
    [TestCase("""{"a":{"b":1}}""", """{"a":[1]}""", "$.a: expected {\"b\":1} but was [1]")]
    [TestCase("""{"Fn::GetAtt":["Bucket","Arn"]}""", """{"Fn::GetAtt":["Bucket","Name"]}""", "$['Fn::GetAtt'][1]: expected \"Arn\" but was \"Name\"")]
    [TestCase("""{"a":1,"b":2,"c":3}""", """{"a":1,"b":5,"c":4}""", "$.b: expected 2 but was 5")]
    public void Difference_ValuesDiffer_PathOfTheFirstWithBothValues(string expected, string actual, string difference) =>
        Assert.That(JsonAssert.Difference(JsonNode.Parse(expected), JsonNode.Parse(actual)), Is.EqualTo(difference));

    [TestCase("""{"a":1,"b":[true,null]}""", """{ "b": [true, null], "a": 1 }""")]
    [TestCase("[]", "[]")]
    [TestCase("null", "null")]
    public void Difference_SameValuesOtherLayoutOrMemberOrder_None(string expected, string actual) =>
        Assert.That(JsonAssert.Difference(JsonNode.Parse(expected), JsonNode.Parse(actual)), Is.Null);

    [Test]
    public void AreEqual_Different_FailsWithTheMessageThenTheDifference()
    {
        var failure = FailureOf(() => JsonAssert.AreEqual("""{"photo":{"tags":["sea"]}}""", """{"photo":{"tags":["sky"]}}""", "the photo shown"));

        Assert.That(failure, Is.EqualTo("the photo shown: $.photo.tags[0]: expected \"sea\" but was \"sky\""));
    }

    [Test]
    public void AreEqual_Equal_Passes() =>
        Assert.That(FailureOf(() => JsonAssert.AreEqual("""{"a":[1,2]}""", """{"a":[1,2]}""")), Is.Null);

    /// <summary>The message <paramref name="assert"/> fails with, kept out of this test's own result; null when it passes.</summary>
    private static string? FailureOf(Action assert)
    {
        using (new TestExecutionContext.IsolatedContext())
        {
            try
            {
                assert();
                return null;
            }
            catch (AssertionException failure)
            {
                return failure.Message;
            }
        }
    }
}
