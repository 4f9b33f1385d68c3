using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using NUnit.Framework;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Aws.Storage;
using PhotoGallery.Emulators;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Stack;

/// <summary>The fixture stack provisioned on the real emulators, once, and read into the model.</summary>
[TestFixture]
[Category(TestCategories.Rehearsal)]
public sealed class StackProvisionerTests
{
    private static readonly string[] Functions = ["signup", "confirmemail", "login", "addphoto", "getphotos", "getphoto", "search"];

    private EmulatorSet _emulators = null!;
    private StackModel _model = null!;
    private readonly StringWriter _log = new();
    private readonly HttpClient _http = new();

    [OneTimeSetUp]
    public async Task ProvisionFixture()
    {
        _emulators = await EmulatorSet.StartAsync(TestContext.Progress.WriteLine, CancellationToken.None);
        _model = await StackProvisioner.ProvisionAsync(StackTemplates.Fixture(), "PhotoGallery", _emulators,
            StackTemplates.Region, StackTemplates.AccountId, _log, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopEmulators()
    {
        await _emulators.DisposeAsync();
        _http.Dispose();
        await _log.DisposeAsync();
    }

    private LambdaFunction Function(string name) => _model.Functions.Single(f => f.FunctionName == "PhotoGallery-" + name);

    private ProvisionedUserPool Pool => _model.UserPools.Single();

    private string PhotosBucket => Function("addphoto").Environment["PHOTOS_BUCKET"];

    private string PhotosTable => Function("addphoto").Environment["PHOTOS_TABLE"];

    [Test]
    public void ProvisionAsync_Fixture_TheSevenGalleryFunctions()
    {
        Assert.That(_model.Functions.Select(f => f.FunctionName), Is.EquivalentTo(Functions.Select(f => "PhotoGallery-" + f)));
        Assert.That(_model.Notes, Has.Some.Contains("CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F is not run"));
        Assert.That(_model.Notes, Has.Some.Contains("CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C81C01536 is not run"));
    }

    [TestCase("signup", "SignUp", 15)]
    [TestCase("confirmemail", "ConfirmEmail", 15)]
    [TestCase("login", "LogIn", 15)]
    [TestCase("addphoto", "AddPhoto", 30)]
    [TestCase("getphotos", "GetPhotos", 15)]
    [TestCase("getphoto", "GetPhoto", 15)]
    [TestCase("search", "Search", 15)]
    public void ProvisionAsync_Fixture_FunctionAsLambdaRunsIt(string name, string project, int timeoutSeconds)
    {
        var function = Function(name);

        Assert.That(function.Handler, Is.EqualTo($"{project}::PhotoGallery.Functions.{project}.Function::HandleAsync"));
        Assert.That(function.Runtime, Is.EqualTo("dotnet10"));
        Assert.That(function.Architecture, Is.EqualTo("x86_64"));
        Assert.That(function.MemorySize, Is.EqualTo(1024));
        Assert.That(function.Timeout, Is.EqualTo(TimeSpan.FromSeconds(timeoutSeconds)));
        Assert.That(function.Arn, Is.EqualTo($"arn:aws:lambda:us-east-1:123456789012:function:PhotoGallery-{name}"));
        Assert.That(function.RoleArn, Does.Match($"^arn:aws:iam::123456789012:role/PhotoGallery-{project}ServiceRole[0-9A-F]{{8}}-[A-Z0-9]{{13}}$"));
        Assert.That(function.AssetPath, Does.Match("^asset\\.[0-9a-f]{64}$"));
    }

    [Test]
    public void ProvisionAsync_Fixture_EnvironmentResolvedToTheCreatedResources()
    {
        Assert.That(Function("signup").Environment, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["USER_POOL_ID"] = Pool.UserPoolId, ["USER_POOL_CLIENT_ID"] = Pool.ClientIds.Single(),
        }));
        Assert.That(Function("addphoto").Environment.Keys, Is.EquivalentTo(new[] { "PHOTOS_BUCKET", "PHOTOS_TABLE" }));
        Assert.That(PhotosBucket, Does.Match("^photogallery-photosb9552d0d-[a-z0-9]{12}$"));
        Assert.That(PhotosTable, Does.Match("^PhotoGallery-PhotosTable7E3E5302-[A-Z0-9]{13}$"));
        Assert.That(Function("search").Environment["PHOTOS_TABLE"], Is.EqualTo(PhotosTable));
    }

    [Test]
    public void ProvisionAsync_Fixture_AddPhotoPoliciesResolved()
    {
        var policies = Function("addphoto").Policies;

        Assert.That(policies.Select(p => p.Name), Is.EquivalentTo(new[] { "AddPhotoServiceRoleDefaultPolicy3EFF501A", "AWSLambdaBasicExecutionRole" }));
        var statements = policies.Single(p => p.Name.StartsWith("AddPhoto", StringComparison.Ordinal)).Document["Statement"]!.AsArray();
        Assert.That(statements[0]!["Resource"]!.ToJsonString(),
            Is.EqualTo($"""["arn:aws:s3:::{PhotosBucket}/photos/*","arn:aws:s3:::{PhotosBucket}/uploads/*"]"""));
        JsonAssert.AreEqual("""["photos/*","uploads/*"]""", statements[1]!["Condition"]!["StringLike"]!["s3:prefix"]);
        Assert.That(statements[2]!["Resource"]![0]!.GetValue<string>(), Is.EqualTo($"arn:aws:dynamodb:us-east-1:123456789012:table/{PhotosTable}"));
        JsonAssert.AreEqual("""["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"]""",
            policies.Single(p => p.Name == "AWSLambdaBasicExecutionRole").Document["Statement"]![0]!["Action"]);
    }

    [TestCase("signup")]
    [TestCase("confirmemail")]
    [TestCase("login")]
    public void ProvisionAsync_Fixture_UserFunctionsOnlyTheBasicExecutionRole(string name)
    {
        Assert.That(Function(name).Policies.Select(p => p.Name), Is.EqualTo(new[] { "AWSLambdaBasicExecutionRole" }));
    }

    [TestCase("getphotos", "dynamodb:Query")]
    [TestCase("getphoto", "dynamodb:GetItem")]
    [TestCase("search", "dynamodb:BatchGetItem")]
    public void ProvisionAsync_Fixture_ReadFunctionsTheirOwnPolicy(string name, string action)
    {
        var own = Function(name).Policies.Single(p => p.Name != "AWSLambdaBasicExecutionRole");

        Assert.That(own.Document.ToJsonString(), Does.Contain(action).And.Contain($"arn:aws:s3:::{PhotosBucket}/photos/*").And.Not.Contain("s3:PutObject"));
    }

    [Test]
    public void ProvisionAsync_Fixture_ProxyMethodsWiredToTheirFunctions()
    {
        var proxies = _model.Api!.Methods.Where(m => m.Integration.Type == "AWS_PROXY")
            .ToDictionary(m => $"{m.HttpMethod} {m.ResourcePath}", m => m.Integration.FunctionArn);

        Assert.That(proxies, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["POST /signup"] = Function("signup").Arn, ["POST /confirmemail"] = Function("confirmemail").Arn,
            ["POST /login"] = Function("login").Arn, ["POST /photos"] = Function("addphoto").Arn,
            ["GET /photos"] = Function("getphotos").Arn, ["GET /photos/{photoId}"] = Function("getphoto").Arn,
            ["GET /search"] = Function("search").Arn,
        }));
        Assert.That(_model.Api.Methods.Select(m => m.Integration.Timeout).Distinct(), Is.EqualTo(new[] { TimeSpan.FromSeconds(29) }));
    }

    [Test]
    public void ProvisionAsync_Fixture_MockPreflightOnEveryResource()
    {
        var options = _model.Api!.Methods.Where(m => m.HttpMethod == "OPTIONS").ToList();

        Assert.That(options.Select(m => m.ResourcePath),
            Is.EquivalentTo(new[] { "/", "/signup", "/confirmemail", "/login", "/photos", "/photos/{photoId}", "/search" }));
        Assert.That(options.Select(m => m.Integration.Type).Distinct(), Is.EqualTo(new[] { "MOCK" }));
        Assert.That(options.Select(m => m.AuthorizationType).Distinct(), Is.EqualTo(new[] { "NONE" }));
        var photos = options.Single(m => m.ResourcePath == "/photos").Integration;
        Assert.That(photos.MockStatus, Is.EqualTo(204));
        Assert.That(photos.MockHeaders["Access-Control-Allow-Origin"], Is.EqualTo("*"));
        Assert.That(photos.MockHeaders["Access-Control-Allow-Methods"], Is.EqualTo("GET,POST,OPTIONS"));
        Assert.That(photos.MockHeaders["Access-Control-Max-Age"], Is.EqualTo("600"));
    }

    [Test]
    public void ProvisionAsync_Fixture_AuthorizerOnExactlyThePhotoMethods()
    {
        var api = _model.Api!;

        var protectedMethods = api.Methods.Where(m => m.Authorizer is not null).Select(m => $"{m.HttpMethod} {m.ResourcePath}");

        Assert.That(protectedMethods, Is.EquivalentTo(new[] { "POST /photos", "GET /photos", "GET /photos/{photoId}", "GET /search" }));
        var authorizer = api.Methods.First(m => m.Authorizer is not null).Authorizer!;
        Assert.That(authorizer, Is.EqualTo(api.Methods.Last(m => m.Authorizer is not null).Authorizer).Using<ApiAuthorizerModel>(
            (a, b) => a.Name == b.Name && a.UserPoolArns.SequenceEqual(b.UserPoolArns)));
        Assert.That(authorizer.Type, Is.EqualTo("COGNITO_USER_POOLS"));
        Assert.That(authorizer.IdentitySource, Is.EqualTo("method.request.header.Authorization"));
        Assert.That(authorizer.UserPoolArns, Is.EqualTo(new[] { $"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{Pool.UserPoolId}" }));
        Assert.That(api.Methods.Where(m => m.Authorizer is not null).Select(m => m.AuthorizationType).Distinct(), Is.EqualTo(new[] { "COGNITO_USER_POOLS" }));
    }

    [Test]
    public void ProvisionAsync_Fixture_StageAndGatewayResponses()
    {
        var api = _model.Api!;

        Assert.That(api.StageName, Is.EqualTo("prod"));
        Assert.That(api.RestApiId, Does.Match("^[a-z0-9]{10}$"));
        Assert.That(api.GatewayResponses.Select(r => r.ResponseType), Is.EquivalentTo(new[] { "DEFAULT_4XX", "DEFAULT_5XX" }));
        foreach (var response in api.GatewayResponses)
        {
            Assert.That(response.StatusCode, Is.Null);
            Assert.That(response.Headers["Access-Control-Allow-Origin"], Is.EqualTo("*"));
            Assert.That(response.Headers["Access-Control-Allow-Methods"], Is.EqualTo("GET,POST,OPTIONS"));
            Assert.That(response.Headers["Access-Control-Allow-Headers"], Is.EqualTo("Content-Type,Authorization,X-Amz-Date,X-Api-Key,X-Amz-Security-Token"));
        }
    }

    [Test]
    public void ProvisionAsync_Fixture_InvokeGrantsForTheStageAndTheTestConsole()
    {
        var api = _model.Api!;
        var prefix = $"arn:aws:execute-api:us-east-1:123456789012:{api.RestApiId}";

        Assert.That(api.InvokeGrants, Has.Count.EqualTo(14));
        Assert.That(api.InvokeGrants.Select(g => g.Principal).Distinct(), Is.EqualTo(new[] { "apigateway.amazonaws.com" }));
        Assert.That(api.InvokeGrants.Where(g => g.FunctionArn == Function("getphoto").Arn).Select(g => g.SourceArn),
            Is.EquivalentTo(new[] { $"{prefix}/prod/GET/photos/*", $"{prefix}/test-invoke-stage/GET/photos/*" }));
        Assert.That(api.InvokeGrants.Where(g => g.FunctionArn == Function("signup").Arn).Select(g => g.SourceArn),
            Has.Member($"{prefix}/prod/POST/signup"));
    }

    [Test]
    public void ProvisionAsync_Fixture_SkippedResourcesNoted()
    {
        Assert.That(_model.Notes, Has.Some.Contains("AWS::CloudFront::Distribution (SiteDistribution3FF9535D)"));
        Assert.That(_model.Notes, Has.Some.Contains("Custom::S3AutoDeleteObjects"));
        Assert.That(_model.Notes, Has.Some.Contains("Custom::CDKBucketDeployment"));
        Assert.That(_model.Notes, Has.Some.Contains("AWS::Logs::LogGroup"));
        Assert.That(_model.Notes, Has.Some.Contains($"table {PhotosTable}: time-to-live on TimeToLive is not applied"));
        Assert.That(_model.Notes, Has.None.Contains("managed policy"), "every managed policy of the gallery's roles is known");
        Assert.That(_log.ToString(), Does.Contain($"[stack] bucket {PhotosBucket} (PhotosB9552D0D), CORS: 1 rule(s)"));
    }

    [Test]
    public async Task ProvisionAsync_Fixture_BucketsWithTheirCors()
    {
        using var s3 = S3PhotoStore.CreateClient(_emulators.S3Settings(PhotosBucket));

        var buckets = (await s3.ListBucketsAsync()).Buckets.Select(b => b.BucketName).ToList();
        var cors = (await s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = PhotosBucket })).Configuration.Rules.Single();

        Assert.That(buckets, Has.Member(PhotosBucket).And.Some.Match("^photogallery-sitee53d7754-[a-z0-9]{12}$"));
        Assert.That(cors.AllowedMethods, Is.EquivalentTo(new[] { "GET", "POST", "HEAD" }));
        Assert.That(cors.AllowedOrigins, Has.Member("http://localhost:5080").And.Some.Match("^https://d[a-z0-9]{13}\\.cloudfront\\.net$"));
        Assert.That(cors.ExposeHeaders, Is.EqualTo(new[] { "ETag" }));
        Assert.That(cors.MaxAgeSeconds, Is.EqualTo(3000));
    }

    [Test]
    public async Task ProvisionAsync_Fixture_TableWithItsIndex()
    {
        using var dynamo = DynamoDbPhotoIndex.CreateClient(_emulators.DynamoDbSettings(PhotosTable));

        var table = (await dynamo.DescribeTableAsync(PhotosTable)).Table;

        Assert.That(table.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"), Is.EqualTo(new[] { "PK:HASH", "SK:RANGE" }));
        var index = table.GlobalSecondaryIndexes.Single();
        Assert.That(index.IndexName, Is.EqualTo("GSI1"));
        Assert.That(index.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"), Is.EqualTo(new[] { "GSI1PK:HASH", "GSI1SK:RANGE" }));
        Assert.That(index.Projection.ProjectionType, Is.EqualTo(ProjectionType.ALL));
        Assert.That(table.BillingModeSummary?.BillingMode, Is.EqualTo(BillingMode.PAY_PER_REQUEST));
    }

    [Test]
    public async Task ProvisionAsync_Fixture_PoolAndClientAsDeclared()
    {
        var cognito = new CognitoCalls(_http, _emulators.CognitoUrl);

        var pool = (await cognito.CallAsync("DescribeUserPool", new JsonObject { ["UserPoolId"] = Pool.UserPoolId }, default))["UserPool"]!;
        var client = (await cognito.CallAsync("DescribeUserPoolClient",
            new JsonObject { ["UserPoolId"] = Pool.UserPoolId, ["ClientId"] = Pool.ClientIds.Single() }, default))["UserPoolClient"]!;

        Assert.That(pool["Policies"]!["PasswordPolicy"]!["RequireSymbols"]!.GetValue<bool>(), Is.True);
        JsonAssert.AreEqual("""["email"]""", pool["AutoVerifiedAttributes"]);
        Assert.That(pool["UsernameAttributes"]?.AsArray() ?? [], Is.Empty, "the template lets usernames be plain names");
        JsonAssert.AreEqual("""["ALLOW_USER_PASSWORD_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]""", client["ExplicitAuthFlows"]);
        Assert.That(client["IdTokenValidity"]!.GetValue<int>(), Is.EqualTo(60));
        Assert.That(client["TokenValidityUnits"]!["IdToken"]!.GetValue<string>(), Is.EqualTo("minutes"));
        Assert.That(client["ClientSecret"], Is.Null);
    }

    [Test]
    public async Task ProvisionAsync_Fixture_UserCanSignUpConfirmAndLogIn()
    {
        var token = await new CognitoCalls(_http, _emulators.CognitoUrl).IdTokenOfNewUserAsync(Pool.ClientIds.Single(), "ada", default);

        var claims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);
        Assert.That(claims.GetPayloadValue<string>("token_use"), Is.EqualTo("id"));
        Assert.That(claims.Audiences, Is.EqualTo(new[] { Pool.ClientIds.Single() }));
        Assert.That(claims.Issuer, Does.EndWith("/" + Pool.UserPoolId));
    }

    [Test]
    public async Task ProvisionAsync_Fixture_PoolIdentityInAwsForm()
    {
        Assert.That(Pool.LogicalId, Is.EqualTo("Users0A0EEA89"));
        Assert.That(Pool.Issuer, Is.EqualTo($"https://cognito-idp.us-east-1.amazonaws.com/{Pool.UserPoolId}"));
        Assert.That(Pool.Arn, Is.EqualTo($"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{Pool.UserPoolId}"));
        var keys = JsonNode.Parse(await _http.GetStringAsync(Pool.JwksUrl))!["keys"]!.AsArray();
        Assert.That(keys, Is.Not.Empty);
    }

    [Test]
    public async Task ProvisionAsync_UnresolvableEnvironment_ErrorNamesFunctionAndVariable()
    {
        var template = StackTemplates.Fixture();
        template["Resources"]!["AddPhoto374AF95B"]!["Properties"]!["Environment"]!["Variables"]!["PHOTOS_BUCKET"] = new JsonObject { ["Ref"] = "PhotosBucketTypo" };

        var error = await Assert.ThrowsAsync<TemplateException>(() =>
            StackProvisioner.ProvisionAsync(template, "Broken", _emulators, StackTemplates.Region, StackTemplates.AccountId, TextWriter.Null, default));

        Assert.That(error!.Message, Is.EqualTo(
            "Resources.AddPhoto374AF95B.Properties.Environment.Variables.PHOTOS_BUCKET: Ref PhotosBucketTypo: no resource, parameter or pseudo parameter of that name."));
    }

    [Test]
    public async Task ProvisionAsync_NoStage_ErrorSaysApiGatewayWouldServeNothing()
    {
        var template = StackTemplates.Fixture();
        template["Resources"]!.AsObject().Remove("ApiDeploymentStageprod3EB9684E");

        var error = await Assert.ThrowsAsync<TemplateException>(() =>
            StackProvisioner.ProvisionAsync(template, "NoStage", _emulators, StackTemplates.Region, StackTemplates.AccountId, TextWriter.Null, default));

        Assert.That(error!.Message, Does.Contain("ApiF70053CD has no stage").And.Contain("API Gateway would serve nothing"));
    }
}
