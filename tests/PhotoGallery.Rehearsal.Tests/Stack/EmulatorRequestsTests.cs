using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using NUnit.Framework;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Stack;

/// <summary>The requests the provisioner sends the emulators, built from the template's properties.</summary>
public sealed class EmulatorRequestsTests
{
    private static JsonObject Properties(string logicalId) => StackTemplates.Fixture()["Resources"]![logicalId]!["Properties"]!.AsObject();

    [Test]
    public void CreateRequest_FixtureTable_KeysIndexAndBillingAsDeclared()
    {
        var request = DynamoDbTables.CreateRequest("photos-table", Properties("PhotosTable7E3E5302"), "Resources.PhotosTable7E3E5302.Properties");

        Assert.That(request.TableName, Is.EqualTo("photos-table"));
        Assert.That(request.BillingMode, Is.EqualTo(BillingMode.PAY_PER_REQUEST));
        Assert.That(request.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"), Is.EqualTo(new[] { "PK:HASH", "SK:RANGE" }));
        Assert.That(request.AttributeDefinitions.Select(d => d.AttributeName), Is.EqualTo(new[] { "PK", "SK", "GSI1PK", "GSI1SK" }));
        var index = request.GlobalSecondaryIndexes.Single();
        Assert.That(index.IndexName, Is.EqualTo("GSI1"));
        Assert.That(index.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"), Is.EqualTo(new[] { "GSI1PK:HASH", "GSI1SK:RANGE" }));
        Assert.That(index.Projection.ProjectionType, Is.EqualTo(ProjectionType.ALL));
        Assert.That(index.ProvisionedThroughput, Is.Null);
        Assert.That(request.StreamSpecification, Is.Null);
    }

    [Test]
    public void CreateRequest_ProvisionedTableWithStreamAndIncludeProjection_Mapped()
    {
        var properties = JsonNode.Parse("""
            {"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
             "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"n","AttributeType":"N"}],
             "ProvisionedThroughput":{"ReadCapacityUnits":"5","WriteCapacityUnits":2},
             "GlobalSecondaryIndexes":[{"IndexName":"byN","KeySchema":[{"AttributeName":"n","KeyType":"HASH"}],
               "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a"]},"ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}],
             "StreamSpecification":{"StreamViewType":"NEW_IMAGE"}}
            """)!.AsObject();

        var request = DynamoDbTables.CreateRequest("t", properties, "Resources.T.Properties");

        Assert.That(request.BillingMode, Is.EqualTo(BillingMode.PROVISIONED), "CloudFormation's default billing mode");
        Assert.That(request.ProvisionedThroughput.ReadCapacityUnits, Is.EqualTo(5));
        Assert.That(request.GlobalSecondaryIndexes[0].Projection.NonKeyAttributes, Is.EqualTo(new[] { "a" }));
        Assert.That(request.StreamSpecification.StreamEnabled, Is.True);
        Assert.That(request.StreamSpecification.StreamViewType, Is.EqualTo(StreamViewType.NEW_IMAGE));
    }

    [Test]
    public void CreateRequest_NoKeySchema_ErrorNamesProperty()
    {
        var error = Assert.Throws<TemplateException>(() => DynamoDbTables.CreateRequest("t", new JsonObject(), "Resources.T.Properties"));

        Assert.That(error!.Message, Does.StartWith("Resources.T.Properties.KeySchema is missing"));
    }

    [Test]
    public void Cors_ResolvedFixtureRule_AsPutBucketCorsTakesIt()
    {
        var cors = Properties("PhotosB9552D0D")["CorsConfiguration"]!.DeepClone();
        cors["CorsRules"]![0]!["AllowedOrigins"]![0] = "https://d111111abcdef8.cloudfront.net";

        var configuration = S3Buckets.Cors(cors, "Resources.PhotosB9552D0D.Properties.CorsConfiguration")!;

        var rule = configuration.Rules.Single();
        Assert.That(rule.AllowedMethods, Is.EqualTo(new[] { "GET", "POST", "HEAD" }));
        Assert.That(rule.AllowedOrigins, Is.EqualTo(new[] { "https://d111111abcdef8.cloudfront.net", "http://localhost:5080" }));
        Assert.That(rule.AllowedHeaders, Is.EqualTo(new[] { "*" }));
        Assert.That(rule.ExposeHeaders, Is.EqualTo(new[] { "ETag" }));
        Assert.That(rule.MaxAgeSeconds, Is.EqualTo(3000));
    }

    [Test]
    public void Cors_None_Null()
    {
        Assert.That(S3Buckets.Cors(null, "x"), Is.Null);
    }

    [Test]
    public void Cors_RuleWithoutOrigins_ErrorNamesRule()
    {
        var error = Assert.Throws<TemplateException>(() =>
            S3Buckets.Cors(JsonNode.Parse("""{"CorsRules":[{"AllowedMethods":["GET"]}]}"""), "Resources.B.Properties.CorsConfiguration"));

        Assert.That(error!.Message, Does.StartWith("Resources.B.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins is missing"));
    }

    [Test]
    public void PoolRequest_FixturePool_PolicySchemaAndVerificationAsDeclared()
    {
        var properties = Properties("Users0A0EEA89");

        var request = CognitoPools.PoolRequest("gallery-users", name => properties[name]?.DeepClone());

        Assert.That(request["PoolName"]!.GetValue<string>(), Is.EqualTo("gallery-users"));
        Assert.That(request["Policies"]!["PasswordPolicy"]!["MinimumLength"]!.GetValue<int>(), Is.EqualTo(8));
        JsonAssert.AreEqual("""["email"]""", request["AutoVerifiedAttributes"]);
        Assert.That(request["Schema"]!.AsArray().Select(a => a!["Name"]!.GetValue<string>()), Is.EqualTo(new[] { "email", "name" }));
        Assert.That(request.ContainsKey("UsernameAttributes"), Is.False, "the template gives none: usernames are plain names");
    }

    [TestCase("""{"IdTokenValidity":60,"AccessTokenValidity":60,"RefreshTokenValidity":43200,"TokenValidityUnits":{"AccessToken":"minutes","IdToken":"minutes","RefreshToken":"minutes"}}""",
        60, "minutes", 60, "minutes", 43200, "minutes", TestName = "ClientRequest: the fixture's validity as declared")]
    [TestCase("{}", 1, "hours", 1, "hours", 30, "days", TestName = "ClientRequest: nothing declared, Cognito's defaults")]
    [TestCase("""{"TokenValidityUnits":{"IdToken":"minutes"}}""", 60, "minutes", 1, "hours", 30, "days", TestName = "ClientRequest: a unit without a value, the default in that unit")]
    public void ClientRequest_TokenValidity_SpelledOut(string declared, int id, string idUnit, int access, string accessUnit, int refresh, string refreshUnit)
    {
        var properties = JsonNode.Parse(declared)!.AsObject();

        var request = CognitoPools.ClientRequest("pool-1", "web", name => properties[name]?.DeepClone());

        Assert.That(request["IdTokenValidity"]!.GetValue<int>(), Is.EqualTo(id));
        Assert.That(request["TokenValidityUnits"]!["IdToken"]!.GetValue<string>(), Is.EqualTo(idUnit));
        Assert.That(request["AccessTokenValidity"]!.GetValue<int>(), Is.EqualTo(access));
        Assert.That(request["TokenValidityUnits"]!["AccessToken"]!.GetValue<string>(), Is.EqualTo(accessUnit));
        Assert.That(request["RefreshTokenValidity"]!.GetValue<int>(), Is.EqualTo(refresh));
        Assert.That(request["TokenValidityUnits"]!["RefreshToken"]!.GetValue<string>(), Is.EqualTo(refreshUnit));
    }

    [Test]
    public void ClientRequest_FixtureClient_FlowsAndSecretAsDeclared()
    {
        var properties = Properties("UsersWebClient8EE36D42");

        var request = CognitoPools.ClientRequest("pool-1", "web", name => properties[name]?.DeepClone());

        Assert.That(request["UserPoolId"]!.GetValue<string>(), Is.EqualTo("pool-1"));
        JsonAssert.AreEqual("""["ALLOW_USER_PASSWORD_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]""", request["ExplicitAuthFlows"]);
        Assert.That(request["GenerateSecret"]!.GetValue<bool>(), Is.False);
    }
}
