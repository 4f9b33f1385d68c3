using System.Text.Json.Nodes;
using NUnit.Framework;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Core.Users;
using PhotoGallery.Core.Functions;
using static PhotoGallery.Deploy.Tests.TemplateQueries;

namespace PhotoGallery.Deploy.Tests;

public sealed class StackTests
{
    private static (string Id, JsonObject Properties) FunctionFor(Route route) =>
        GalleryFunctions().Single(f => f.Properties["Handler"]!.GetValue<string>() == route.Handler);

    private static (string Id, JsonObject Properties) FunctionOf(FunctionDeclaration declaration) =>
        GalleryFunctions().Single(f => f.Properties["Handler"]!.GetValue<string>() == declaration.Handler);

    /// <summary>The functions stored objects start (found by their trigger, never by name), with it.</summary>
    private static IEnumerable<(FunctionDeclaration Function, StorageTrigger Trigger)> StorageTriggered() =>
        FunctionCatalog.All.Where(f => f.Trigger is StorageTrigger).Select(f => (f, (StorageTrigger)f.Trigger));

    private static IEnumerable<(JsonObject Method, string Path)> ApiMethods() =>
        OfType("AWS::ApiGateway::Method").Select(m => (m.Properties, PathOf(m.Properties)));

    [Test]
    public void Functions_EveryDeclaredOne_OnDotnet10WithItsHandler()
    {
        Assert.That(GalleryFunctions().Select(f => f.Properties["Handler"]!.GetValue<string>()),
            Is.EquivalentTo(FunctionCatalog.All.Select(f => f.Handler)));
        foreach (var (_, function) in GalleryFunctions())
        {
            Assert.That(function["MemorySize"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(512));
            Assert.That(function["Timeout"]!.GetValue<int>(), Is.InRange(10, 60));
            Assert.That(function["Architectures"]![0]!.GetValue<string>(), Is.EqualTo("x86_64"));
        }
    }

    [Test]
    public void Functions_EachHasItsOwnRole() =>
        Assert.That(GalleryFunctions().Select(f => RoleOf(f.Properties)), Is.Unique);

    [TestCase("signup", "USER_POOL_ID", "USER_POOL_CLIENT_ID")]
    [TestCase("confirmemail", "USER_POOL_ID", "USER_POOL_CLIENT_ID")]
    [TestCase("login", "USER_POOL_ID", "USER_POOL_CLIENT_ID")]
    [TestCase("addphoto", "PHOTOS_BUCKET", "PHOTOS_TABLE")]
    [TestCase("getphotos", "PHOTOS_BUCKET", "PHOTOS_TABLE")]
    [TestCase("getphoto", "PHOTOS_BUCKET", "PHOTOS_TABLE")]
    [TestCase("search", "PHOTOS_BUCKET", "PHOTOS_TABLE")]
    [TestCase("processphoto", "PHOTOS_BUCKET", "PHOTOS_TABLE")]
    public void Functions_Environment_ExactlyTheVariablesTheirAdaptersRead(string name, string first, string second)
    {
        var variables = FunctionOf(FunctionCatalog.ByName(name)).Properties["Environment"]!["Variables"]!.AsObject();

        Assert.That(variables.Select(v => v.Key), Is.EquivalentTo(new[] { first, second }));
    }

    [Test]
    public void Api_SevenMethods_VerbsAndPathsFromTheRouteTable()
    {
        var methods = ApiMethods().Where(m => m.Method["HttpMethod"]!.GetValue<string>() != "OPTIONS")
            .Select(m => $"{m.Method["HttpMethod"]!.GetValue<string>()} {m.Path}");

        Assert.That(methods, Is.EquivalentTo(RouteTable.All.Select(r => r.Key)));
    }

    [Test]
    public void Api_EachMethod_ProxiesToItsOwnFunction()
    {
        foreach (var route in RouteTable.All)
        {
            var (method, _) = ApiMethods().Single(m => $"{m.Method["HttpMethod"]!.GetValue<string>()} {m.Path}" == route.Key);
            var integration = method["Integration"]!;
            Assert.That(integration["Type"]!.GetValue<string>(), Is.EqualTo("AWS_PROXY"), route.Key);
            Assert.That(integration.ToJsonString(), Does.Contain(FunctionFor(route).Id), route.Key);
        }
    }

    [Test]
    public void Api_CognitoAuthorizer_OnExactlyTheProtectedMethods()
    {
        var authorizer = OfType("AWS::ApiGateway::Authorizer").Single();
        Assert.That(authorizer.Properties["Type"]!.GetValue<string>(), Is.EqualTo("COGNITO_USER_POOLS"));
        Assert.That(authorizer.Properties["IdentitySource"]!.GetValue<string>(), Is.EqualTo("method.request.header.Authorization"));

        foreach (var (method, path) in ApiMethods().Where(m => m.Method["HttpMethod"]!.GetValue<string>() != "OPTIONS"))
        {
            var key = $"{method["HttpMethod"]!.GetValue<string>()} {path}";
            var route = RouteTable.All.Single(r => r.Key == key);
            var authorization = method["AuthorizationType"]!.GetValue<string>();
            if (route.IsProtected)
            {
                Assert.That(authorization, Is.EqualTo("COGNITO_USER_POOLS"), key);
                Assert.That(Target(method["AuthorizerId"]!), Is.EqualTo(authorizer.Id), key);
            }
            else
            {
                Assert.That(authorization, Is.EqualTo("NONE"), key);
                Assert.That(method["AuthorizerId"], Is.Null, key);
            }
        }
    }

    [Test]
    public void Api_EveryResource_AnswersCorsPreflightWithoutAuthorization()
    {
        var preflights = ApiMethods().Where(m => m.Method["HttpMethod"]!.GetValue<string>() == "OPTIONS").ToList();

        Assert.That(preflights.Select(p => p.Path), Is.SupersetOf(RouteTable.Resources));
        foreach (var (method, path) in preflights)
        {
            Assert.That(method["AuthorizationType"]!.GetValue<string>(), Is.EqualTo("NONE"), path);
            var headers = method["Integration"]!["IntegrationResponses"]![0]!["ResponseParameters"]!.AsObject();
            Assert.That(headers["method.response.header.Access-Control-Allow-Origin"]!.GetValue<string>(), Is.EqualTo("'*'"), path);
            Assert.That(headers["method.response.header.Access-Control-Allow-Headers"]!.GetValue<string>(), Does.Contain("Authorization"), path);
        }
    }

    [Test]
    public void Api_GatewayErrors_CarryCorsHeaders()
    {
        var responses = OfType("AWS::ApiGateway::GatewayResponse").ToList();

        Assert.That(responses.Select(r => r.Properties["ResponseType"]!.GetValue<string>()), Is.EquivalentTo(new[] { "DEFAULT_4XX", "DEFAULT_5XX" }));
        Assert.That(responses.Select(r => r.Properties["ResponseParameters"]!["gatewayresponse.header.Access-Control-Allow-Origin"]!.GetValue<string>()),
            Has.All.EqualTo("'*'"));
    }

    [Test]
    public void Api_Responses_CompressedFromOneKibibyte()
    {
        var api = OfType("AWS::ApiGateway::RestApi").Single().Properties;

        Assert.That(api["MinimumCompressionSize"]?.GetValue<int>(), Is.EqualTo(1024), "listings (JSON with signed URLs) go out compressed to clients that accept it");
    }

    [Test]
    public void Api_Stage_ThrottledWithAccessLogs()
    {
        var stage = OfType("AWS::ApiGateway::Stage").Single().Properties;

        Assert.That(stage["StageName"]!.GetValue<string>(), Is.EqualTo("prod"));
        Assert.That(stage["AccessLogSetting"]!["DestinationArn"], Is.Not.Null);
        var settings = stage["MethodSettings"]![0]!;
        Assert.That(settings["ThrottlingRateLimit"]!.GetValue<double>(), Is.GreaterThan(0));
        Assert.That(settings["ThrottlingBurstLimit"]!.GetValue<int>(), Is.GreaterThan(0));
    }

    private static IReadOnlyList<string> ActionsFor(string function) =>
        ActionsOf(RoleOf(FunctionFor(RouteTable.ByName(function)).Properties));

    [TestCase("signup")]
    [TestCase("confirmemail")]
    [TestCase("login")]
    public void Iam_UserFunctions_NoS3NorDynamoDb(string function) =>
        Assert.That(ActionsFor(function), Has.None.StartsWith("s3:").And.None.StartsWith("dynamodb:"));

    [TestCase("getphotos")]
    [TestCase("getphoto")]
    [TestCase("search")]
    public void Iam_ReadingFunctions_CannotWrite(string function)
    {
        var actions = ActionsFor(function);

        var writes = actions.Where(a => a.Contains("Put", StringComparison.Ordinal) || a.Contains("Delete", StringComparison.Ordinal) ||
            a.Contains("Write", StringComparison.Ordinal) || a.Contains("Update", StringComparison.Ordinal) || a.EndsWith('*'));
        Assert.That(writes, Is.Empty);
        Assert.That(actions, Does.Contain("s3:GetObject"));
    }

    [Test]
    public void Iam_AddPhoto_PutsObjectsButCannotDeleteThem()
    {
        var actions = ActionsFor("addphoto");

        Assert.That(actions, Does.Contain("s3:PutObject").And.Contain("dynamodb:PutItem"));
        Assert.That(actions, Has.None.Contains("Delete").And.None.EqualTo("s3:*").And.None.EqualTo("dynamodb:*"));
    }

    [Test]
    public void Iam_TableStatements_TheIndexOnlyForFunctionsThatQuery()
    {
        foreach (var declaration in FunctionCatalog.All.Where(f => f.Access.TableActions.Count > 0))
        {
            var statement = StatementsOf(RoleOf(FunctionOf(declaration).Properties)).Single(s => TemplateReader.ActionsIn(s).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)));
            var queries = declaration.Access.TableActions.Contains("dynamodb:Query");

            Assert.That(statement["Resource"]!.ToJsonString(), queries ? Does.Contain("/index/*") : Does.Not.Contain("/index/"), declaration.Name);
        }
    }

    [Test]
    public void Iam_EveryFunctionPolicy_ScopedToTheBucketAndTable()
    {
        var roles = GalleryFunctions().Select(f => RoleOf(f.Properties)).ToHashSet();
        foreach (var (_, policy) in OfType("AWS::IAM::Policy").Where(p => p.Properties["Roles"]!.AsArray().Any(r => roles.Contains(r!["Ref"]!.GetValue<string>()))))
        {
            foreach (var statement in policy["PolicyDocument"]!["Statement"]!.AsArray())
            {
                var resource = statement!["Resource"]!.ToJsonString();
                Assert.That(resource, Is.Not.EqualTo("\"*\""), $"unscoped statement: {statement.ToJsonString()}");
            }
        }
    }

    private static JsonObject PhotoBucket() => OfType("AWS::S3::Bucket").Single(b => b.Properties["CorsConfiguration"] is not null).Properties;

    [Test]
    public void Buckets_All_PrivateEncryptedTlsOnly()
    {
        foreach (var (id, bucket) in OfType("AWS::S3::Bucket"))
        {
            var block = bucket["PublicAccessBlockConfiguration"]!;
            Assert.That(new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" }.Select(k => block[k]!.GetValue<bool>()), Has.All.True, id);
            Assert.That(bucket["BucketEncryption"], Is.Not.Null, id);
            var policy = OfType("AWS::S3::BucketPolicy").Single(p => Target(p.Properties["Bucket"]!) == id).Properties;
            Assert.That(policy.ToJsonString(), Does.Contain("\"aws:SecureTransport\":\"false\""), id);
        }
    }

    [Test]
    public void PhotoBucket_Cors_AllowsFormUploadsAndGetFromTheSiteButNoPut()
    {
        var rule = PhotoBucket()["CorsConfiguration"]!["CorsRules"]![0]!;

        var methods = rule["AllowedMethods"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.That(methods, Is.SupersetOf(new[] { "GET", "POST" }));
        Assert.That(methods, Does.Not.Contain("PUT"), "uploads are presigned POSTs, whose policy binds the size");
        Assert.That(rule["AllowedOrigins"]!.ToJsonString(), Does.Contain("SiteDistribution"));
    }

    [Test]
    public void PhotoBucket_Cors_AllowsTheLocalPageUnderBothNames()
    {
        var origins = PhotoBucket()["CorsConfiguration"]!["CorsRules"]![0]!["AllowedOrigins"]!.AsArray()
            .Where(o => o is JsonValue).Select(o => o!.GetValue<string>());

        Assert.That(origins, Is.EquivalentTo(new[] { "http://localhost:5080", "http://127.0.0.1:5080" }));
    }

    [Test]
    public void PhotoBucket_LifecycleRule_ExpiresUploadsAndNothingShown()
    {
        var rule = PhotoBucket()["LifecycleConfiguration"]!["Rules"]!.AsArray().Single()!;

        Assert.That(rule["Prefix"]!.GetValue<string>(), Is.EqualTo("uploads/"));
        Assert.That(rule["ExpirationInDays"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(rule["Status"]!.GetValue<string>(), Is.EqualTo("Enabled"));
    }

    private static IEnumerable<JsonObject> StatementsWith(string function, string action) =>
        StatementsOf(RoleOf(FunctionFor(RouteTable.ByName(function)).Properties))
            .Where(s => TemplateReader.ActionsIn(s).Contains(action));

    [Test]
    public void Iam_AddPhoto_UploadsGoOnlyUnderUploadsAndPhotos()
    {
        var resources = StatementsWith("addphoto", "s3:PutObject").Single()["Resource"]!.ToJsonString();

        Assert.That(resources, Does.Contain("/photos/*").And.Contain("/uploads/*"));
    }

    [Test]
    public void Iam_AddPhoto_ListBucketOnThePhotoBucketWithoutCondition()
    {
        // S3 answers a HeadObject of a missing key 404 only if s3:ListBucket is allowed for a request that
        // carries no s3:prefix; any prefix condition turns "not uploaded yet" (409) into 403 (502).
        var statement = StatementsWith("addphoto", "s3:ListBucket").Single();
        var photos = OfType("AWS::S3::Bucket").Single(b => b.Properties["CorsConfiguration"] is not null).Id;

        Assert.That(TemplateReader.ActionsIn(statement), Is.EqualTo(new[] { "s3:ListBucket" }));
        Assert.That(statement["Effect"]!.GetValue<string>(), Is.EqualTo("Allow"));
        Assert.That(statement["Resource"]!["Fn::GetAtt"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { photos, "Arn" }));
        Assert.That(statement["Condition"], Is.Null);
    }

    [TestCase("getphotos")]
    [TestCase("getphoto")]
    [TestCase("search")]
    public void Iam_ReadingFunctions_CannotListTheBucket(string function) =>
        Assert.That(StatementsWith(function, "s3:ListBucket"), Is.Empty);

    [Test]
    public void Table_SingleTableDesign_OnDemandWithRecoveryAndTtl()
    {
        var table = OfType("AWS::DynamoDB::Table").Single().Properties;

        Assert.That(table["KeySchema"]!.AsArray().Select(k => k!["AttributeName"]!.GetValue<string>()), Is.EqualTo(new[] { PhotoTable.PartitionKey, PhotoTable.SortKey }));
        Assert.That(table["BillingMode"]!.GetValue<string>(), Is.EqualTo("PAY_PER_REQUEST"));
        Assert.That(table["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>(), Is.True);
        Assert.That(table["TimeToLiveSpecification"]!["AttributeName"]!.GetValue<string>(), Is.EqualTo(PhotoTable.TimeToLive));
        var index = table["GlobalSecondaryIndexes"]![0]!;
        Assert.That(index["IndexName"]!.GetValue<string>(), Is.EqualTo(PhotoTable.GalleryIndex));
        Assert.That(index["KeySchema"]!.AsArray().Select(k => k!["AttributeName"]!.GetValue<string>()),
            Is.EqualTo(new[] { PhotoTable.GalleryPartitionKey, PhotoTable.GallerySortKey }));
    }

    [Test]
    public void UserPool_SelfSignUpWithEmailCodeAndThePasswordPolicy()
    {
        var pool = OfType("AWS::Cognito::UserPool").Single().Properties;
        var policy = pool["Policies"]!["PasswordPolicy"]!;

        Assert.That(pool["AdminCreateUserConfig"]!["AllowAdminCreateUserOnly"]!.GetValue<bool>(), Is.False);
        Assert.That(pool["AutoVerifiedAttributes"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { "email" }));
        Assert.That(pool["VerificationMessageTemplate"]!["DefaultEmailOption"]!.GetValue<string>(), Is.EqualTo("CONFIRM_WITH_CODE"));
        Assert.That(policy["MinimumLength"]!.GetValue<int>(), Is.EqualTo(PasswordPolicy.Default.MinimumLength));
        Assert.That(new[] { "RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols" }.Select(k => policy[k]!.GetValue<bool>()), Has.All.True);
    }

    [Test]
    public void UserPoolClient_NoSecretPasswordAuthAndRefresh()
    {
        var client = OfType("AWS::Cognito::UserPoolClient").Single().Properties;

        Assert.That(client["GenerateSecret"]!.GetValue<bool>(), Is.False);
        Assert.That(client["PreventUserExistenceErrors"]!.GetValue<string>(), Is.EqualTo("LEGACY"), "confirmemail answers 404 for unknown users");
        Assert.That(client["ExplicitAuthFlows"]!.AsArray().Select(f => f!.GetValue<string>()),
            Is.SupersetOf(new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" }));
    }

    [TestCase("AllowedOAuthFlows")]
    [TestCase("AllowedOAuthScopes")]
    [TestCase("CallbackURLs")]
    [TestCase("LogoutURLs")]
    public void UserPoolClient_OAuthSetting_Absent(string property)
    {
        var client = OfType("AWS::Cognito::UserPoolClient").Single().Properties;

        Assert.That(client[property], Is.Null, $"{property}: {client[property]?.ToJsonString()}");
    }

    [Test]
    public void UserPoolClient_OAuth_SwitchedOff()
    {
        var client = OfType("AWS::Cognito::UserPoolClient").Single().Properties;

        Assert.That(client["AllowedOAuthFlowsUserPoolClient"]?.GetValue<bool>() ?? false, Is.False);
    }

    [Test]
    public void Site_CloudFrontWithOriginAccessControlAndConfigPointingAtTheApi()
    {
        var distribution = OfType("AWS::CloudFront::Distribution").Single().Properties;

        Assert.That(OfType("AWS::CloudFront::OriginAccessControl"), Is.Not.Empty);
        Assert.That(distribution["DistributionConfig"]!["DefaultRootObject"]!.GetValue<string>(), Is.EqualTo("index.html"));
        Assert.That(distribution["DistributionConfig"]!["DefaultCacheBehavior"]!["ViewerProtocolPolicy"]!.GetValue<string>(), Is.EqualTo("redirect-to-https"));
        var deployment = OfType("Custom::CDKBucketDeployment").Single().Properties;
        var api = OfType("AWS::ApiGateway::RestApi").Single().Id;
        Assert.That(deployment["SourceMarkers"]!.ToJsonString(), Does.Contain($"\"Ref\":\"{api}\""), "config.js gets the API's URL at deploy time");
    }

    [Test]
    public void Site_ResponseHeadersPolicy_ThePagesPolicyNoSniffNoFramingNoReferrerAndHsts()
    {
        var distribution = OfType("AWS::CloudFront::Distribution").Single().Properties;
        var (policyId, policy) = OfType("AWS::CloudFront::ResponseHeadersPolicy").Single();
        var headers = policy["ResponseHeadersPolicyConfig"]!["SecurityHeadersConfig"]!.AsObject();

        Assert.That(Target(distribution["DistributionConfig"]!["DefaultCacheBehavior"]!["ResponseHeadersPolicyId"]!), Is.EqualTo(policyId));
        // The template joins the region in at deploy time: resolved here for one region, it is the page's policy.
        var csp = headers["ContentSecurityPolicy"]!.AsObject();
        var (api, storage) = PageSecurity.AwsRegionOrigins("eu-west-1");
        Assert.That(TemplateReader.Text(csp["ContentSecurityPolicy"]!, "eu-west-1"), Is.EqualTo(PageSecurity.ContentSecurityPolicy(api, storage)));
        Assert.That(TemplateReader.Text(csp["ContentSecurityPolicy"]!, "eu-west-1"), Does.Not.Contain("unsafe").And.Contain("frame-ancestors 'none'"));
        Assert.Multiple(() =>
        {
            Assert.That(csp["Override"]!.GetValue<bool>(), Is.True);
            Assert.That(headers["ContentTypeOptions"]!["Override"]!.GetValue<bool>(), Is.True, "nosniff");
            Assert.That(headers["FrameOptions"]!["FrameOption"]!.GetValue<string>(), Is.EqualTo(PageSecurity.FrameOptions));
            Assert.That(headers["ReferrerPolicy"]!["ReferrerPolicy"]!.GetValue<string>(), Is.EqualTo(PageSecurity.ReferrerPolicy));
            var hsts = headers["StrictTransportSecurity"]!.AsObject();
            Assert.That(hsts["AccessControlMaxAgeSec"]!.GetValue<int>(), Is.EqualTo((int)PageSecurity.StrictTransportSecurityMaxAge.TotalSeconds));
            Assert.That(hsts["Override"]!.GetValue<bool>(), Is.True);
        });
    }

    // ---------------------------------------------------------------- storage events (processphoto)

    private static (string Id, JsonObject Properties) Notifications() => OfType("Custom::S3BucketNotifications").Single();

    private static string PhotoBucketId() => OfType("AWS::S3::Bucket").Single(b => b.Properties["CorsConfiguration"] is not null).Id;

    [Test]
    public void StorageTrigger_BucketNotification_OneObjectCreatedConfigurationPerSuffix()
    {
        var (_, notifications) = Notifications();
        var configuration = notifications["NotificationConfiguration"]!.AsObject();
        var lambdas = configuration["LambdaFunctionConfigurations"]!.AsArray().Select(c => c!.AsObject()).ToList();

        Assert.That(Target(notifications["BucketName"]!), Is.EqualTo(PhotoBucketId()));
        Assert.That(configuration.Select(c => c.Key), Is.EquivalentTo(new[] { "LambdaFunctionConfigurations" }), "no queue or topic notifications");
        var expected = StorageTriggered().SelectMany(t => t.Trigger.Suffixes.Select(suffix => (FunctionOf(t.Function).Id, t.Trigger.Prefix, suffix)));
        var actual = lambdas.Select(c =>
        {
            var rules = c["Filter"]!["Key"]!["FilterRules"]!.AsArray().ToDictionary(r => r!["Name"]!.GetValue<string>(), r => r!["Value"]!.GetValue<string>());
            Assert.That(rules.Keys, Is.EquivalentTo(new[] { "prefix", "suffix" }));
            Assert.That(c["Events"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "s3:ObjectCreated:*" }));
            return (Target(c["LambdaFunctionArn"]!), rules["prefix"], rules["suffix"]);
        });
        Assert.That(actual, Is.EquivalentTo(expected));
        Assert.That(expected.Select(e => e.suffix), Is.EquivalentTo(new[] { "/original.jpg", "/original.png", "/original.gif", "/original.webp" }),
            "every type addphoto accepts, and never the variants processphoto writes beside it");
    }

    [Test]
    public void StorageTrigger_Permission_S3MayInvokeTheFunctionFromThePhotoBucketOfThisAccount()
    {
        foreach (var (declaration, _) in StorageTriggered())
        {
            var function = FunctionOf(declaration).Id;
            var (id, permission) = OfType("AWS::Lambda::Permission")
                .Single(p => p.Properties["Principal"]!.GetValue<string>() == "s3.amazonaws.com" && Target(p.Properties["FunctionName"]!) == function);

            Assert.That(permission["Action"]!.GetValue<string>(), Is.EqualTo("lambda:InvokeFunction"));
            Assert.That(Target(permission["SourceArn"]!), Is.EqualTo(PhotoBucketId()));
            Assert.That(permission["SourceAccount"]!["Ref"]!.GetValue<string>(), Is.EqualTo("AWS::AccountId"));
            // CloudFormation must grant it before S3 checks it while the notification is saved.
            Assert.That(Resources[Notifications().Id]!["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()), Does.Contain(id));
        }
    }

    [Test]
    public void StorageTrigger_Function_BoundToNoApiMethodAndInvokableByNothingElse()
    {
        foreach (var (declaration, _) in StorageTriggered())
        {
            var function = FunctionOf(declaration).Id;

            Assert.That(declaration.Route, Is.Null);
            Assert.That(ApiMethods().Where(m => m.Method["Integration"]!.ToJsonString().Contains(function, StringComparison.Ordinal)).Select(m => m.Path), Is.Empty);
            Assert.That(OfType("AWS::Lambda::Permission").Where(p => Target(p.Properties["FunctionName"]!) == function)
                .Select(p => p.Properties["Principal"]!.GetValue<string>()), Is.EqualTo(new[] { "s3.amazonaws.com" }));
        }
    }

    [Test]
    public void Iam_StorageTriggeredFunction_ReadsAndWritesPhotosAndUpdatesItemsOnly()
    {
        foreach (var (declaration, _) in StorageTriggered())
        {
            var role = RoleOf(FunctionOf(declaration).Properties);
            var statements = StatementsOf(role);

            Assert.That(ActionsOf(role), Is.EquivalentTo(new[] { "s3:GetObject", "s3:PutObject", "dynamodb:UpdateItem" }));
            var objects = statements.Single(s => TemplateReader.ActionsIn(s).Contains("s3:PutObject"));
            Assert.That(TemplateReader.ActionsIn(objects), Is.EquivalentTo(new[] { "s3:GetObject", "s3:PutObject" }));
            Assert.That(objects["Resource"]!.ToJsonString(), Does.Contain($"\"{PhotoBucketId()}\",\"Arn\"").And.Contain("/photos/*").And.Not.Contain("uploads"));
            var items = statements.Single(s => TemplateReader.ActionsIn(s).Contains("dynamodb:UpdateItem"));
            Assert.That(items["Resource"]!.ToJsonString(), Does.Contain(OfType("AWS::DynamoDB::Table").Single().Id).And.Not.Contain("/index/"));
            Assert.That(statements.Select(s => s["Effect"]!.GetValue<string>()), Has.All.EqualTo("Allow"));
        }
    }

    [Test]
    public void Outputs_EverythingAStudentNeeds() =>
        Assert.That(DeploySetup.Json["Outputs"]!.AsObject().Select(o => o.Key),
            Is.SupersetOf(new[] { "ApiUrl", "SiteUrl", "UserPoolId", "UserPoolClientId", "PhotosBucketName", "PhotosTableName" }));
}
