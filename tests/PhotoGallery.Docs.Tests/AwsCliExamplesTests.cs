using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PhotoGallery.Aws;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Deploy;
using PhotoGallery.Docs.Tests.Support;
using CoreCors = PhotoGallery.Core.Http.Cors;
using GalleryPasswordPolicy = PhotoGallery.Core.Users.PasswordPolicy;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Requests;

namespace PhotoGallery.Docs.Tests;

/// <summary>
/// The guide's AWS CLI commands and the JSON files they read, checked against the route table, the
/// code's own settings and the synthesized CDK stack: what a student builds by hand must be what the
/// one-command path builds.
/// </summary>
public sealed partial class AwsCliExamplesTests
{
    private const string FunctionPrefix = "photogallery-";

    private static IReadOnlyList<CodeBlock> Blocks(string file) => Markdown.CodeBlocks(Path.Combine(Repository.Docs, "lab", file));

    private static IReadOnlyList<AwsCommand> Commands(string file) => Shell.AwsCommands(Blocks(file));

    private static IReadOnlyList<AwsCommand> AllCommands() =>
        Shell.AwsCommands(Repository.MarkdownFiles().SelectMany(Markdown.CodeBlocks));

    private static JsonNode AwsJson(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Docs, "lab", "aws", name)))!;

    private static JsonObject StackFunction(Route route) => StackTemplate.FunctionWithHandler(route.Handler);

    private static JsonObject StackFunction(FunctionDeclaration function) => StackTemplate.FunctionWithHandler(function.Handler);

    /// <summary>The function a guide command names (<c>photogallery-&lt;name&gt;</c>).</summary>
    private static FunctionDeclaration Named(string? functionName) => FunctionCatalog.ByName(functionName![FunctionPrefix.Length..]);

    /// <summary>The functions stored objects start, found by their trigger (never by name).</summary>
    private static IEnumerable<(FunctionDeclaration Function, StorageTrigger Trigger)> StorageTriggered() =>
        FunctionCatalog.All.Where(f => f.Trigger is StorageTrigger).Select(f => (f, (StorageTrigger)f.Trigger));

    private static IEnumerable<(JsonObject Method, string Path, string HttpMethod)> StackMethods() =>
        StackTemplate.OfType("AWS::ApiGateway::Method").Select(m => (m.Properties, StackTemplate.PathOf(m.Properties), m.Properties["HttpMethod"]!.GetValue<string>()));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => n!.GetValue<string>()),
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    // ---------------------------------------------------------------- step 6: functions and roles

    [Test]
    public void CreateFunction_OneCommandPerDeclaredFunction_WithItsHandler()
    {
        var creates = Commands("06-functions.md").Where(c => c.Operation == "create-function").ToList();

        Assert.That(creates.Select(c => c.Option("--function-name")), Is.EquivalentTo(FunctionCatalog.All.Select(f => FunctionPrefix + f.Name)));
        foreach (var create in creates)
        {
            var function = Named(create.Option("--function-name"));
            Assert.That(create.Option("--handler"), Is.EqualTo(function.Handler), create.Where);
            Assert.That(create.Option("--zip-file"), Is.EqualTo($"fileb://artifacts/lambda/{function.Project}.zip"), function.Name);
            Assert.That(create.Option("--role"), Does.EndWith($":role/{FunctionPrefix}{function.Name}"), function.Name);
        }
    }

    [Test]
    public void CreateFunction_RuntimeMemoryTimeoutAndArchitecture_AsTheStackHasThem()
    {
        foreach (var create in Commands("06-functions.md").Where(c => c.Operation == "create-function"))
        {
            var declaration = Named(create.Option("--function-name"));
            var function = StackFunction(declaration);
            Assert.That(create.Option("--runtime"), Is.EqualTo(function["Runtime"]!.GetValue<string>()), declaration.Name);
            Assert.That(create.Option("--memory-size"), Is.EqualTo(function["MemorySize"]!.ToJsonString()), declaration.Name);
            Assert.That(create.Option("--timeout"), Is.EqualTo(function["Timeout"]!.ToJsonString()), declaration.Name);
            Assert.That(create.Option("--architectures"), Is.EqualTo(function["Architectures"]![0]!.GetValue<string>()), declaration.Name);
        }
    }

    [Test]
    public void CreateFunction_EnvironmentVariables_ExactlyTheStacks()
    {
        foreach (var create in Commands("06-functions.md").Where(c => c.Operation == "create-function"))
        {
            var function = Named(create.Option("--function-name"));
            var documented = VariableNames().Matches(create.Option("--environment")!).Select(m => m.Groups[1].Value);
            var stack = StackFunction(function)["Environment"]!["Variables"]!.AsObject().Select(v => v.Key);

            Assert.That(documented, Is.EquivalentTo(stack), function.Name);
        }
    }

    [Test]
    public void FunctionTable_EveryRow_NameHandlerAndVariablesOfTheStack()
    {
        var rows = TableRows(Path.Combine(Repository.Docs, "lab", "06-functions.md"))
            .Where(r => r.Length == 3 && r[0].StartsWith("`" + FunctionPrefix, StringComparison.Ordinal)).ToList();

        Assert.That(rows, Has.Count.EqualTo(FunctionCatalog.All.Count));
        foreach (var row in rows)
        {
            var function = Named(row[0].Trim('`'));
            Assert.That(row[1].Trim('`'), Is.EqualTo(function.Handler));
            var variables = StackFunction(function)["Environment"]!["Variables"]!.AsObject().Select(v => v.Key);
            Assert.That(row[2].Split(',').Select(v => v.Trim().Trim('`')), Is.EquivalentTo(variables), function.Name);
        }
    }

    [Test]
    public void Roles_Loops_EveryFunctionGetsARoleAndThePhotoFunctionsTheirPolicy()
    {
        var loops = Blocks("06-functions.md").SelectMany(b => ForLoops().Matches(b.Code))
            .Where(m => m.Groups["variable"].Value == "name").Select(m => m.Groups["items"].Value.Split(' ')).ToList();
        var roleCommands = Commands("06-functions.md");

        Assert.That(loops[0], Is.EquivalentTo(FunctionCatalog.All.Select(f => f.Name)));
        Assert.That(loops[1], Is.EquivalentTo(FunctionCatalog.All.Where(f => f.Access.UsesPhotos).Select(f => f.Name)));
        Assert.That(roleCommands.Single(c => c.Operation == "create-role").Option("--assume-role-policy-document"),
            Is.EqualTo("file://docs/lab/aws/lambda-trust-policy.json"));
        Assert.That(roleCommands.Single(c => c.Operation == "attach-role-policy").Option("--policy-arn"),
            Is.EqualTo("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
    }

    [Test]
    public void TrustPolicy_LetsLambdaAssumeTheRole_AsTheStacksRoles()
    {
        var documented = AwsJson("lambda-trust-policy.json")["Statement"]![0]!;
        var role = StackTemplate.Properties(StackTemplate.Target(StackFunction(RouteTable.ByName("search"))["Role"]!));
        var stack = role["AssumeRolePolicyDocument"]!["Statement"]![0]!;

        Assert.That(documented["Principal"]!["Service"]!.GetValue<string>(), Is.EqualTo(stack["Principal"]!["Service"]!.GetValue<string>()));
        Assert.That(documented["Action"]!.GetValue<string>(), Is.EqualTo(stack["Action"]!.GetValue<string>()));
        Assert.That(role["ManagedPolicyArns"]!.ToJsonString(), Does.Contain("AWSLambdaBasicExecutionRole"));
    }

    private static IEnumerable<TestCaseData> PhotoFunctions() =>
        FunctionCatalog.All.Where(f => f.Access.UsesPhotos).Select(f => new TestCaseData(f.Name).SetArgDisplayNames(f.Name));

    [TestCaseSource(nameof(PhotoFunctions))]
    public void PolicyFile_Actions_ExactlyFunctionAccessAndTheStack(string name)
    {
        var access = FunctionCatalog.ByName(name).Access;
        var statements = AwsJson($"policy-{name}.json")["Statement"]!.AsArray().Select(s => s!).ToList();
        var documented = statements.SelectMany(s => Strings(s["Action"])).ToList();

        var expected = access.ObjectActions.Concat(access.TableActions).Concat(access.ListsObjects ? ["s3:ListBucket"] : Array.Empty<string>());
        Assert.That(documented, Is.EquivalentTo(expected));
        var stackActions = StackTemplate.ActionsOf(StackTemplate.Target(StackFunction(FunctionCatalog.ByName(name))["Role"]!));
        Assert.That(documented, Is.EquivalentTo(stackActions));
        foreach (var statement in statements)
        {
            var resources = Strings(statement["Resource"]).ToList();
            if (Strings(statement["Action"]).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)))
            {
                // The gallery index only for a function that queries; item actions name the table alone, as in the stack.
                Assert.That(resources, Is.EquivalentTo(Strings(statement["Action"]).Any(PhotoGalleryStack.ReadsIndexes)
                    ? new[] { "arn:aws:dynamodb:*:*:table/photogallery", "arn:aws:dynamodb:*:*:table/photogallery/index/*" }
                    : new[] { "arn:aws:dynamodb:*:*:table/photogallery" }));
            }
            else if (Strings(statement["Action"]).Contains("s3:ListBucket"))
            {
                // On the bucket itself, unconditioned: S3's 404-or-403 check for a missing key carries no s3:prefix.
                Assert.That(resources, Is.EqualTo(new[] { "arn:aws:s3:::photogallery-photos-*" }));
                Assert.That(statement["Condition"], Is.Null);
            }
            else
                Assert.That(resources, Is.EqualTo(access.Prefixes.Select(p => $"arn:aws:s3:::photogallery-photos-*/{p}*")));
        }
    }

    [Test]
    public void PolicyFiles_OnlyForFunctionsThatUsePhotos()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Repository.Docs, "lab", "aws"), "policy-*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)["policy-".Length..]);

        Assert.That(files, Is.EquivalentTo(FunctionCatalog.All.Where(f => f.Access.UsesPhotos).Select(f => f.Name)));
    }

    [Test]
    public void Packaging_PublishCommandAndZips_WhatTheDeployPathPublishes()
    {
        var blocks = Blocks("06-functions.md");
        var publish = blocks.SelectMany(b => Shell.LogicalLines(b.Code)).Single(l => l.StartsWith("dotnet publish", StringComparison.Ordinal));
        var words = Shell.Words(publish);

        Assert.That(words.Take(3), Is.EqualTo(new[] { "dotnet", "publish", "functions/Lambdas.slnf" }));
        Assert.That(words, Is.SupersetOf(new[] { "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true" }));
        var root = words.Single(w => w.StartsWith("-p:LambdaPackageRoot=", StringComparison.Ordinal))["-p:LambdaPackageRoot=".Length..];
        Assert.That(root.Replace("$PWD", Repository.Root, StringComparison.Ordinal), Is.EqualTo(FunctionPackages.DefaultDirectory(Repository.Root)));
        var zipLoop = blocks.SelectMany(b => ForLoops().Matches(b.Code)).First(m => m.Groups["variable"].Value == "project");
        Assert.That(zipLoop.Groups["items"].Value.Split(' '), Is.EquivalentTo(FunctionCatalog.All.Select(f => f.Project)));
    }

    [Test]
    public async Task Invoke_DocumentedPayloads_AnswerWhatTheGuideShows()
    {
        var invokes = Commands("06-functions.md").Where(c => c.Operation == "invoke").ToList();
        var expected = Blocks("06-functions.md").Where(b => b.IsExpectation && b.Language == "json").ToList();
        await using var gallery = await LocalGallery.StartAsync();

        Assert.That(invokes.Select(i => i.Option("--function-name")),
            Is.EqualTo(new[] { FunctionPrefix + "search", FunctionPrefix + "signup", FunctionPrefix + "getphotos" }));
        var search = await gallery.InvokeAsync("search", invokes[0].Option("--payload")!);
        Assert.That(Expectation.CompareJson(expected[0].Code, search), Is.Empty, search);
        var signup = JsonNode.Parse(await gallery.InvokeAsync("signup", invokes[1].Option("--payload")!))!;
        Assert.That(signup["statusCode"]!.GetValue<int>(), Is.EqualTo(400));
        Assert.That(signup["body"]!.GetValue<string>(), Does.Contain("\"code\":\"InvalidParameter\"").And.Contain("'username' is required."));
        var getPhotos = await gallery.InvokeAsync("getphotos", await File.ReadAllTextAsync(PayloadFile(invokes[2])));
        Assert.That(Expectation.CompareJson(expected[1].Code, getPhotos), Is.Empty, getPhotos);
    }

    private static string PayloadFile(AwsCommand invoke)
    {
        var payload = invoke.Option("--payload")!;
        Assert.That(payload, Does.StartWith("fileb://docs/"), "an event file the CLI sends as it is");
        return Path.Combine(Repository.Root, payload["fileb://".Length..]);
    }

    [Test]
    public void SampleEvent_GetPhotos_ARecordedAwsEventForItsRouteWithTheShownClaims()
    {
        var invoke = Commands("06-functions.md").Single(c => c.Operation == "invoke" && c.Option("--payload")!.StartsWith("fileb://", StringComparison.Ordinal));
        var sample = JsonNode.Parse(File.ReadAllText(PayloadFile(invoke)))!.AsObject();
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tests", "PhotoGallery.Tests", "Fixtures", "apigw-rest-proxy-event.json")))!.AsObject();
        var route = RouteTable.ByName(invoke.Option("--function-name")![FunctionPrefix.Length..]);
        var shown = Blocks("06-functions.md").Single(b => b.Language == "json" && b.Code.Contains("\"claims\"", StringComparison.Ordinal));

        AssertSameMembers(recorded, sample, "$");
        Assert.That(sample["resource"]!.GetValue<string>(), Is.EqualTo(route.Path));
        Assert.That(sample["httpMethod"]!.GetValue<string>(), Is.EqualTo(route.Method));
        Assert.That(sample["requestContext"]!["resourcePath"]!.GetValue<string>(), Is.EqualTo(route.Path));
        Assert.That(sample["requestContext"]!["path"]!.GetValue<string>(), Is.EqualTo($"/{PhotoGalleryStack.StageName}{sample["path"]}"));
        JsonAssert.AreEqual(sample["requestContext"]!["authorizer"], JsonNode.Parse(shown.Code)!["requestContext"]!["authorizer"],
            "the claims the page shows are the file's");
    }

    /// <summary>The same member names, in the same order, at every level where both have an object (maps of headers and claims aside).</summary>
    private static void AssertSameMembers(JsonObject expected, JsonObject actual, string path)
    {
        Assert.That(actual.Select(m => m.Key), Is.EqualTo(expected.Select(m => m.Key)), path);
        foreach (var (name, value) in expected)
        {
            if (value is JsonObject inner && actual[name] is JsonObject other && name is not ("headers" or "multiValueHeaders" or "pathParameters" or "claims"))
                AssertSameMembers(inner, other, $"{path}.{name}");
        }
    }

    // ---------------------------------------------------------------- step 6.4: S3 starts the storage-triggered function

    [Test]
    public void AddPermission_StorageTriggeredFunction_S3FromTheBucketOfTheAccountAsTheStackGrants()
    {
        var permissions = Commands("06-functions.md").Where(c => c.Operation == "add-permission").ToList();

        Assert.That(permissions.Select(p => p.Option("--function-name")), Is.EquivalentTo(StorageTriggered().Select(t => FunctionPrefix + t.Function.Name)));
        foreach (var permission in permissions)
        {
            var function = StackTemplate.OfType("AWS::Lambda::Function")
                .Single(f => f.Properties["Handler"]?.GetValue<string>() == Named(permission.Option("--function-name")).Handler).Id;
            var stack = StackTemplate.OfType("AWS::Lambda::Permission").Single(p => StackTemplate.Target(p.Properties["FunctionName"]!) == function).Properties;
            Assert.That(permission.Option("--principal"), Is.EqualTo(stack["Principal"]!.GetValue<string>()).And.EqualTo("s3.amazonaws.com"));
            Assert.That(permission.Option("--action"), Is.EqualTo(stack["Action"]!.GetValue<string>()));
            // The stack's SourceArn is the photo bucket's ARN, its SourceAccount the stack's account.
            Assert.That(StackTemplate.Target(stack["SourceArn"]!), Is.EqualTo(PhotoBucketId()));
            Assert.That(permission.Option("--source-arn"), Is.EqualTo("arn:aws:s3:::$BUCKET"));
            Assert.That(stack["SourceAccount"]!["Ref"]!.GetValue<string>(), Is.EqualTo("AWS::AccountId"));
            Assert.That(permission.Option("--source-account"), Is.EqualTo("$ACCOUNT_ID"));
            Assert.That(permission.Option("--statement-id"), Is.Not.Null);
        }
    }

    [Test]
    public void BucketNotification_CommandAndJsonFile_TheStacksConfigurationForTheBucket()
    {
        var command = Commands("06-functions.md").Single(c => c.Operation == "put-bucket-notification-configuration");
        var documented = AwsJson("bucket-notification.json").AsObject();
        var stack = StackTemplate.OfType("Custom::S3BucketNotifications").Single().Properties;
        var stackConfigurations = stack["NotificationConfiguration"]!["LambdaFunctionConfigurations"]!.AsArray();

        Assert.That(command.Option("--bucket"), Is.EqualTo("$BUCKET"));
        Assert.That(StackTemplate.Target(stack["BucketName"]!), Is.EqualTo(PhotoBucketId()));
        Assert.That(command.Option("--notification-configuration"), Does.Contain("docs/lab/aws/bucket-notification.json")
            .And.Contain("s/REGION/$AWS_REGION/g").And.Contain("s/ACCOUNT_ID/$ACCOUNT_ID/g"));
        Assert.That(documented.Select(m => m.Key), Is.EquivalentTo(stack["NotificationConfiguration"]!.AsObject().Select(m => m.Key)));
        Assert.That(Configurations(documented["LambdaFunctionConfigurations"]!.AsArray(), arn =>
            {
                Assert.That(arn, Does.Match(@"^arn:aws:lambda:REGION:ACCOUNT_ID:function:" + FunctionPrefix + @"\w+$"));
                return Named(arn[(arn.LastIndexOf(':') + 1)..]).Name;
            }),
            Is.EquivalentTo(Configurations(stackConfigurations, arn => StorageTriggered().Single(t => StackFunctionId(t.Function) == arn).Function.Name)));
        Assert.That(documented["LambdaFunctionConfigurations"]!.AsArray().Select(c => c!["Id"]?.GetValue<string>()), Is.Unique.And.None.Null);

        // What each configuration is: the function (by name), its events, and its key filter.
        static IEnumerable<string> Configurations(JsonArray configurations, Func<string, string> function) =>
            configurations.Select(c =>
            {
                var arn = c!["LambdaFunctionArn"] is JsonValue text ? text.GetValue<string>() : StackTemplate.Target(c["LambdaFunctionArn"]!);
                var rules = c["Filter"]!["Key"]!["FilterRules"]!.AsArray().Select(r => $"{r!["Name"]!.GetValue<string>().ToLowerInvariant()}={r["Value"]!.GetValue<string>()}").Order();
                return $"{function(arn)} {string.Join(',', Strings(c["Events"]))} {string.Join(' ', rules)}";
            });
    }

    [Test]
    public void BucketNotification_Filters_EveryDeclaredSuffixUnderThePrefix()
    {
        var documented = AwsJson("bucket-notification.json")["LambdaFunctionConfigurations"]!.AsArray();

        var filters = documented.Select(c => c!["Filter"]!["Key"]!["FilterRules"]!.AsArray().ToDictionary(r => r!["Name"]!.GetValue<string>(), r => r!["Value"]!.GetValue<string>()));
        Assert.That(filters.Select(f => (f["prefix"], f["suffix"])),
            Is.EquivalentTo(StorageTriggered().SelectMany(t => t.Trigger.Suffixes.Select(s => (t.Trigger.Prefix, s)))));
        var page = File.ReadAllText(Path.Combine(Repository.Docs, "lab", "06-functions.md"));
        foreach (var suffix in StorageTriggered().SelectMany(t => t.Trigger.Suffixes)) Assert.That(page, Does.Contain($"`{suffix}`"), suffix);
    }

    private static string PhotoBucketId() => StackTemplate.OfType("AWS::S3::Bucket").Single(b => b.Properties["CorsConfiguration"] is not null).Id;

    private static string StackFunctionId(FunctionDeclaration function) =>
        StackTemplate.OfType("AWS::Lambda::Function").Single(f => f.Properties["Handler"]?.GetValue<string>() == function.Handler).Id;

    // ---------------------------------------------------------------- step 10.6: deleting what was built by hand

    [Test]
    public void Teardown_Loops_DeleteEveryFunctionAndRoleStep6Creates()
    {
        var loops = Blocks("10-cdk-and-teardown.md").SelectMany(b => ForLoops().Matches(b.Code))
            .Where(m => m.Groups["variable"].Value == "name").Select(m => m.Groups["items"].Value.Split(' ')).ToList();
        var commands = Commands("10-cdk-and-teardown.md");

        Assert.That(loops, Has.Count.EqualTo(3));
        Assert.That(loops[0], Is.EquivalentTo(FunctionCatalog.All.Select(f => f.Name)), "delete-function, its log group, detach the managed policy");
        Assert.That(loops[1], Is.EquivalentTo(FunctionCatalog.All.Where(f => f.Access.UsesPhotos).Select(f => f.Name)), "delete the inline policies");
        Assert.That(loops[2], Is.EquivalentTo(FunctionCatalog.All.Select(f => f.Name)), "delete-role");
        Assert.That(commands.Select(c => c.Operation), Is.SupersetOf(new[] { "delete-function", "delete-role-policy", "delete-role", "rb" }));
    }

    // ---------------------------------------------------------------- step 7: the REST API

    [Test]
    public void BindMethod_SevenCalls_EachRouteWithItsFunctionAndAuthorization()
    {
        var calls = Blocks("07-rest-api.md").SelectMany(b => Shell.LogicalLines(b.Code))
            .Where(l => l.StartsWith("bind_method ", StringComparison.Ordinal)).Select(Shell.Words).ToList();

        Assert.That(calls.Select(c => $"{c[1]} {c[2]}"), Is.EquivalentTo(RouteTable.All.Select(r => r.Key)));
        foreach (var call in calls)
        {
            var route = RouteTable.Find(call[1], call[2])!.Value.Route;
            Assert.That(route.Path, Is.EqualTo(call[2]));
            Assert.That(call[3], Is.EqualTo(FunctionPrefix + route.Name));
            Assert.That(call[4], Is.EqualTo(route.IsProtected ? "COGNITO_USER_POOLS" : "NONE"), route.Key);
            var stackMethod = StackMethods().Single(m => m.HttpMethod == call[1] && m.Path == call[2]).Method;
            Assert.That(call[4], Is.EqualTo(stackMethod["AuthorizationType"]!.GetValue<string>()), route.Key);
        }
    }

    [Test]
    public void BindMethod_Definition_LambdaProxyWithPostAndAnInvokePermission()
    {
        var commands = Commands("07-rest-api.md");
        var integration = commands.Single(c => c.Operation == "put-integration" && c.Option("--type") == "AWS_PROXY");
        var stackIntegration = StackMethods().First(m => m.HttpMethod == "GET").Method["Integration"]!;
        var permission = commands.Single(c => c.Operation == "add-permission");

        Assert.That(integration.Option("--integration-http-method"), Is.EqualTo(stackIntegration["IntegrationHttpMethod"]!.GetValue<string>()));
        Assert.That(stackIntegration["Type"]!.GetValue<string>(), Is.EqualTo("AWS_PROXY"));
        Assert.That(integration.Option("--uri"), Does.StartWith("arn:aws:apigateway:$AWS_REGION:lambda:path/2015-03-31/functions/").And.EndWith("/invocations"));
        Assert.That(permission.Option("--principal"), Is.EqualTo("apigateway.amazonaws.com"));
        Assert.That(permission.Option("--action"), Is.EqualTo("lambda:InvokeFunction"));
        var authorized = commands.Where(c => c.Operation == "put-method" && c.Option("--authorization-type") == "COGNITO_USER_POOLS").ToList();
        Assert.That(authorized.Select(c => c.Option("--authorizer-id")), Is.EqualTo(new[] { "$AUTHORIZER_ID" }));
    }

    [Test]
    public void Resources_CreateResourceCalls_BuildExactlyTheRouteTablesPaths()
    {
        var parents = new Dictionary<string, string>(StringComparer.Ordinal) { ["$ROOT_ID"] = "" };
        var paths = new List<string>();
        foreach (var line in Blocks("07-rest-api.md").SelectMany(b => Shell.LogicalLines(b.Code)).Where(l => l.Contains("create-resource", StringComparison.Ordinal)))
        {
            var command = Shell.AwsCommands([new CodeBlock("07", 0, "bash", [], line, "")]).Single();
            var path = parents[command.Option("--parent-id")!] + "/" + command.Option("--path-part");
            paths.Add(path);
            if (AssignedVariable().Match(line) is { Success: true } assigned) parents["$" + assigned.Groups[1].Value] = path;
        }

        Assert.That(paths, Is.EquivalentTo(RouteTable.Resources));
    }

    [Test]
    public void Authorizer_CreateAuthorizer_AsTheStacksAuthorizer()
    {
        var create = Commands("07-rest-api.md").Single(c => c.Operation == "create-authorizer");
        var stack = StackTemplate.OfType("AWS::ApiGateway::Authorizer").Single().Properties;

        Assert.That(create.Option("--type"), Is.EqualTo(stack["Type"]!.GetValue<string>()));
        Assert.That(create.Option("--identity-source"), Is.EqualTo(stack["IdentitySource"]!.GetValue<string>()));
        Assert.That(create.Option("--name"), Is.EqualTo(stack["Name"]!.GetValue<string>()));
    }

    [Test]
    public void Cors_PreflightForEveryResource_SameAnswerAsTheStack()
    {
        var loop = Blocks("07-rest-api.md").SelectMany(b => ForLoops().Matches(b.Code)).Single(m => m.Groups["variable"].Value == "path");
        var paths = Shell.Words(loop.Groups["items"].Value);
        var commands = Commands("07-rest-api.md");
        var options = StackMethods().Where(m => m.HttpMethod == "OPTIONS").ToList();
        var stackMethod = options.First().Method;
        var stackIntegration = stackMethod["Integration"]!;

        Assert.That(paths, Is.EquivalentTo(RouteTable.Resources));
        Assert.That(options.Select(o => o.Path), Is.SupersetOf(RouteTable.Resources));
        Assert.That(options.Select(o => o.Method["AuthorizationType"]!.GetValue<string>()), Has.All.EqualTo("NONE"));
        Assert.That(commands.Single(c => c.Operation == "put-method" && c.Option("--http-method") == "OPTIONS").Option("--authorization-type"), Is.EqualTo("NONE"));
        JsonAssert.AreEqual(stackIntegration["RequestTemplates"], AwsJson("cors-request-templates.json"), "cors-request-templates.json");
        JsonAssert.AreEqual(stackIntegration["IntegrationResponses"]![0]!["ResponseParameters"], AwsJson("cors-integration-response.json"), "cors-integration-response.json");
        JsonAssert.AreEqual(stackMethod["MethodResponses"]![0]!["ResponseParameters"], AwsJson("cors-method-response.json"), "cors-method-response.json");
        var status = stackIntegration["IntegrationResponses"]![0]!["StatusCode"]!.GetValue<string>();
        Assert.That(commands.Where(c => c.Operation is "put-method-response" or "put-integration-response").Select(c => c.Option("--status-code")),
            Has.All.EqualTo(status));
    }

    [Test]
    public void Cors_Headers_TheCodesCorsHeaders()
    {
        var integration = AwsJson("cors-integration-response.json");

        Assert.That(integration["method.response.header.Access-Control-Allow-Origin"]!.GetValue<string>(), Is.EqualTo($"'{CoreCors.AllowOrigin}'"));
        Assert.That(integration["method.response.header.Access-Control-Allow-Headers"]!.GetValue<string>(), Is.EqualTo($"'{CoreCors.AllowHeaders}'"));
        Assert.That(integration["method.response.header.Access-Control-Allow-Methods"]!.GetValue<string>(), Is.EqualTo($"'{CoreCors.AllowMethods}'"));
        Assert.That(integration["method.response.header.Access-Control-Max-Age"]!.GetValue<string>(), Is.EqualTo($"'{CoreCors.MaxAgeSeconds}'"));
    }

    [Test]
    public void GatewayResponses_Default4xxAnd5xx_WithTheStacksCorsHeaders()
    {
        var puts = Commands("07-rest-api.md").Where(c => c.Operation == "put-gateway-response").ToList();
        var stack = StackTemplate.OfType("AWS::ApiGateway::GatewayResponse").ToList();

        Assert.That(puts.Select(p => p.Option("--response-type")), Is.EquivalentTo(stack.Select(s => s.Properties["ResponseType"]!.GetValue<string>())));
        Assert.That(puts.Select(p => p.Option("--response-parameters")), Has.All.EqualTo("file://docs/lab/aws/cors-gateway-responses.json"));
        foreach (var (_, properties) in stack)
            JsonAssert.AreEqual(properties["ResponseParameters"], AwsJson("cors-gateway-responses.json"), "cors-gateway-responses.json");
    }

    [Test]
    public void Stage_DeploymentAndThrottling_AsTheStack()
    {
        var commands = Commands("07-rest-api.md");
        var stage = StackTemplate.OfType("AWS::ApiGateway::Stage").Single().Properties;
        var settings = stage["MethodSettings"]![0]!;
        var patches = commands.Single(c => c.Operation == "update-stage").Options["--patch-operations"];

        Assert.That(commands.Single(c => c.Operation == "create-deployment").Option("--stage-name"), Is.EqualTo(PhotoGalleryStack.StageName));
        Assert.That(stage["StageName"]!.GetValue<string>(), Is.EqualTo(PhotoGalleryStack.StageName));
        Assert.That(patches, Is.EquivalentTo(new[]
        {
            $"op=replace,path=/*/*/throttling/rateLimit,value={settings["ThrottlingRateLimit"]}",
            $"op=replace,path=/*/*/throttling/burstLimit,value={settings["ThrottlingBurstLimit"]}",
        }));
        Assert.That(commands.Single(c => c.Operation == "create-rest-api").Option("--endpoint-configuration"),
            Is.EqualTo("types=" + StackTemplate.OfType("AWS::ApiGateway::RestApi").Single().Properties["EndpointConfiguration"]!["Types"]![0]));
    }

    [Test]
    public void RouteTableInGuide_EveryRow_MethodPathFunctionAndAuthorization()
    {
        var rows = TableRows(Path.Combine(Repository.Docs, "lab", "07-rest-api.md"))
            .Where(r => r.Length == 3 && r[1].StartsWith("`" + FunctionPrefix, StringComparison.Ordinal)).ToList();

        Assert.That(rows.Select(r => r[0].Trim('`')), Is.EquivalentTo(RouteTable.All.Select(r => r.Key)));
        foreach (var row in rows)
        {
            var route = RouteTable.All.Single(r => r.Key == row[0].Trim('`'));
            Assert.That(row[1].Trim('`'), Is.EqualTo(FunctionPrefix + route.Name));
            Assert.That(row[2], Is.EqualTo(route.IsProtected ? "Cognito user pool" : "none"), route.Key);
        }
    }

    // ---------------------------------------------------------------- steps 4 and 5: pool, bucket, table

    [Test]
    public void UserPool_JsonFile_SameSettingsAsTheStackAndThePasswordPolicy()
    {
        var documented = AwsJson("user-pool.json").AsObject();
        var stack = StackTemplate.OfType("AWS::Cognito::UserPool").Single().Properties;
        var policy = GalleryPasswordPolicy.Default;

        foreach (var key in new[] { "Policies", "AutoVerifiedAttributes", "UsernameConfiguration", "AccountRecoverySetting", "AdminCreateUserConfig" })
            JsonAssert.AreEqual(stack[key], documented[key], key);
        var password = documented["Policies"]!["PasswordPolicy"]!;
        Assert.That(password["MinimumLength"]!.GetValue<int>(), Is.EqualTo(policy.MinimumLength));
        Assert.That(password["RequireLowercase"]!.GetValue<bool>(), Is.EqualTo(policy.RequireLowercase));
        Assert.That(password["RequireUppercase"]!.GetValue<bool>(), Is.EqualTo(policy.RequireUppercase));
        Assert.That(password["RequireNumbers"]!.GetValue<bool>(), Is.EqualTo(policy.RequireDigits));
        Assert.That(password["RequireSymbols"]!.GetValue<bool>(), Is.EqualTo(policy.RequireSymbols));
        Assert.That(documented["Schema"]!.AsArray().Select(a => (a!["Name"]!.GetValue<string>(), a["Required"]!.GetValue<bool>(), a["Mutable"]!.GetValue<bool>())),
            Is.EquivalentTo(stack["Schema"]!.AsArray().Select(a => (a!["Name"]!.GetValue<string>(), a["Required"]!.GetValue<bool>(), a["Mutable"]!.GetValue<bool>()))));
        foreach (var key in new[] { "DefaultEmailOption", "EmailSubject", "EmailMessage" })
            Assert.That(documented["VerificationMessageTemplate"]![key]!.GetValue<string>(), Is.EqualTo(stack["VerificationMessageTemplate"]![key]!.GetValue<string>()), key);
    }

    [Test]
    public void UserPoolClient_JsonFile_NoSecretPasswordAuthAndTheStacksTokenLifetimes()
    {
        var documented = AwsJson("user-pool-client.json").AsObject();
        var stack = StackTemplate.OfType("AWS::Cognito::UserPoolClient").Single().Properties;

        // The OAuth settings are absent from both: the gallery never uses the hosted UI.
        foreach (var key in new[] { "GenerateSecret", "ExplicitAuthFlows", "PreventUserExistenceErrors", "IdTokenValidity", "AccessTokenValidity", "RefreshTokenValidity", "TokenValidityUnits",
            "AllowedOAuthFlows", "AllowedOAuthScopes", "CallbackURLs" })
            JsonAssert.AreEqual(stack[key], documented[key], key);
        Assert.That(documented["GenerateSecret"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public void UserPool_LookUps_UseTheNamesTheJsonFilesGive()
    {
        var lookups = AllCommands().Where(c => c.Operation is "list-user-pools" or "list-user-pool-clients").ToList();
        var poolName = AwsJson("user-pool.json")["PoolName"]!.GetValue<string>();
        var clientName = AwsJson("user-pool-client.json")["ClientName"]!.GetValue<string>();

        Assert.That(lookups, Is.Not.Empty);
        foreach (var lookup in lookups)
            Assert.That(lookup.Option("--query"), Does.Contain($"'{(lookup.Operation == "list-user-pools" ? poolName : clientName)}'"), lookup.Where);
    }

    [Test]
    public void Table_JsonFile_ThePhotoTableLayoutAndTheStacksTable()
    {
        var documented = AwsJson("table.json").AsObject();
        var request = PhotoTable.CreateRequest("photogallery");
        var stack = StackTemplate.OfType("AWS::DynamoDB::Table").Single().Properties;

        Assert.That(documented["TableName"]!.GetValue<string>(), Is.EqualTo(request.TableName));
        Assert.That(documented["BillingMode"]!.GetValue<string>(), Is.EqualTo(request.BillingMode.Value).And.EqualTo(stack["BillingMode"]!.GetValue<string>()));
        foreach (var key in new[] { "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes" })
            JsonAssert.AreEqual(stack[key], documented[key], key);
        Assert.That(documented["KeySchema"]!.AsArray().Select(k => k!["AttributeName"]!.GetValue<string>()),
            Is.EqualTo(request.KeySchema.Select(k => k.AttributeName)));
        Assert.That(documented["GlobalSecondaryIndexes"]![0]!["IndexName"]!.GetValue<string>(), Is.EqualTo(PhotoTable.GalleryIndex));
    }

    [Test]
    public void Table_TimeToLiveAndNames_AsTheAdapterExpects()
    {
        var ttl = Commands("05-bucket-and-table.md").Single(c => c.Operation == "update-time-to-live");
        var stack = StackTemplate.OfType("AWS::DynamoDB::Table").Single().Properties;

        Assert.That(ttl.Option("--time-to-live-specification"), Is.EqualTo($"Enabled=true,AttributeName={PhotoTable.TimeToLive}"));
        Assert.That(stack["TimeToLiveSpecification"]!["AttributeName"]!.GetValue<string>(), Is.EqualTo(PhotoTable.TimeToLive));
        Assert.That(AllCommands().Where(c => c.Option("--table-name") is not null).Select(c => c.Option("--table-name")), Has.All.EqualTo("photogallery"));
    }

    [Test]
    public void Bucket_CorsAndPublicAccess_AsTheStacksPhotoBucket()
    {
        var cors = AwsJson("bucket-cors.json")["CORSRules"]![0]!;
        var photos = StackTemplate.OfType("AWS::S3::Bucket").Single(b => b.Properties["CorsConfiguration"] is not null).Properties;
        var stackCors = photos["CorsConfiguration"]!["CorsRules"]![0]!;

        JsonAssert.AreEqual(stackCors["AllowedMethods"], cors["AllowedMethods"], "AllowedMethods");
        JsonAssert.AreEqual(stackCors["AllowedHeaders"], cors["AllowedHeaders"], "AllowedHeaders");
        JsonAssert.AreEqual(stackCors["ExposedHeaders"], cors["ExposeHeaders"], "ExposeHeaders");
        Assert.That(cors["MaxAgeSeconds"]!.GetValue<int>(), Is.EqualTo(stackCors["MaxAge"]!.GetValue<int>()));
        JsonAssert.AreEqual(photos["PublicAccessBlockConfiguration"], AwsJson("public-access-block.json"), "public-access-block.json");
    }

    [Test]
    public void Bucket_StacksLiteralCorsOrigins_NamedInStep5()
    {
        var photos = StackTemplate.OfType("AWS::S3::Bucket").Single(b => b.Properties["CorsConfiguration"] is not null).Properties;
        var literal = photos["CorsConfiguration"]!["CorsRules"]![0]!["AllowedOrigins"]!.AsArray()
            .OfType<JsonValue>().Select(o => o.GetValue<string>()).ToList();
        var page = File.ReadAllText(Path.Combine(Repository.Docs, "lab", "05-bucket-and-table.md"));

        Assert.That(literal, Is.Not.Empty);
        foreach (var origin in literal) Assert.That(page, Does.Contain($"`{origin}`"), origin);
    }

    [Test]
    public void Bucket_LifecycleRule_AsTheStacksExpiryOfUploads()
    {
        var documented = AwsJson("bucket-lifecycle.json")["Rules"]!.AsArray().Single()!;
        var photos = StackTemplate.OfType("AWS::S3::Bucket").Single(b => b.Properties["CorsConfiguration"] is not null).Properties;
        var stack = photos["LifecycleConfiguration"]!["Rules"]!.AsArray().Single()!;
        var command = Commands("05-bucket-and-table.md").Single(c => c.Operation == "put-bucket-lifecycle-configuration");

        Assert.That(command.Option("--lifecycle-configuration"), Is.EqualTo("file://docs/lab/aws/bucket-lifecycle.json"));
        Assert.That(documented["Filter"]!["Prefix"]!.GetValue<string>(), Is.EqualTo(stack["Prefix"]!.GetValue<string>()));
        Assert.That(documented["Expiration"]!["Days"]!.GetValue<int>(), Is.EqualTo(stack["ExpirationInDays"]!.GetValue<int>()));
        Assert.That(documented["AbortIncompleteMultipartUpload"]!["DaysAfterInitiation"]!.GetValue<int>(),
            Is.EqualTo(stack["AbortIncompleteMultipartUpload"]!["DaysAfterInitiation"]!.GetValue<int>()));
    }

    [Test]
    public void Bucket_Name_TheOnePolicyFilesAndFunctionsUse()
    {
        var assignment = Blocks("05-bucket-and-table.md").SelectMany(b => Shell.LogicalLines(b.Code)).Single(l => l.StartsWith("BUCKET=", StringComparison.Ordinal));

        Assert.That(assignment, Is.EqualTo("BUCKET=photogallery-photos-$ACCOUNT_ID"));
        Assert.That(Commands("06-functions.md").Where(c => c.Operation == "create-function" && c.Option("--environment")!.Contains(AwsSettings.PhotosBucket, StringComparison.Ordinal))
            .Select(c => c.Option("--environment")), Has.All.Contain($"{AwsSettings.PhotosBucket}=$BUCKET,{AwsSettings.PhotosTable}=photogallery"));
    }

    // ---------------------------------------------------------------- step 8: the site

    [Test]
    public void Site_ConfigJs_TheLineTheStackWrites()
    {
        var deployed = StackTemplate.AssetFile("config.js");
        var documented = Repository.MarkdownFiles().SelectMany(Markdown.CodeBlocks).SelectMany(b => Shell.LogicalLines(b.Code))
            .Where(l => l.StartsWith("echo \"export default", StringComparison.Ordinal)).Select(l => Shell.Words(l)[1]).ToList();

        Assert.That(deployed, Is.Not.Null);
        Assert.That(documented, Is.Not.Empty);
        Assert.That(documented.Select(Normalize), Has.All.EqualTo(Normalize(deployed!.Trim())));

        static string Normalize(string line) => ApiBaseUrl().Replace(line, "apiBaseUrl: \"URL\"");
    }

    [Test]
    public void Site_DistributionAndOac_AsTheStacksCloudFront()
    {
        var documented = AwsJson("site-distribution.json");
        var stack = StackTemplate.OfType("AWS::CloudFront::Distribution").Single().Properties["DistributionConfig"]!;
        var oac = StackTemplate.OfType("AWS::CloudFront::OriginAccessControl").Single().Properties["OriginAccessControlConfig"]!;

        foreach (var key in new[] { "CachePolicyId", "ViewerProtocolPolicy", "Compress" })
            JsonAssert.AreEqual(stack["DefaultCacheBehavior"]![key], documented["DefaultCacheBehavior"]![key], key);
        foreach (var key in new[] { "DefaultRootObject", "PriceClass", "Enabled", "HttpVersion" })
            JsonAssert.AreEqual(stack[key], documented[key], key);
        foreach (var key in new[] { "OriginAccessControlOriginType", "SigningBehavior", "SigningProtocol" })
            JsonAssert.AreEqual(oac[key], AwsJson("site-oac.json")[key], key);
    }

    [Test]
    public void Site_HeadersPolicy_AsTheStacksCloudFrontPolicyInTheStudentsRegion()
    {
        var documented = AwsJson("site-headers-policy.json");
        var (policyId, stackPolicy) = StackTemplate.OfType("AWS::CloudFront::ResponseHeadersPolicy").Single();
        var stack = stackPolicy["ResponseHeadersPolicyConfig"]!["SecurityHeadersConfig"]!.DeepClone().AsObject();
        var csp = stack["ContentSecurityPolicy"]!.AsObject();
        // The stack joins the region in; the page's file has REGION, which the guide's sed replaces.
        csp["ContentSecurityPolicy"] = TemplateReader.Text(csp["ContentSecurityPolicy"]!, "REGION");

        JsonAssert.AreEqual(stack, documented["SecurityHeadersConfig"]!, "SecurityHeadersConfig");
        var distribution = StackTemplate.OfType("AWS::CloudFront::Distribution").Single().Properties["DistributionConfig"]!;
        Assert.That(StackTemplate.Target(distribution["DefaultCacheBehavior"]!["ResponseHeadersPolicyId"]!), Is.EqualTo(policyId));
        Assert.That(AwsJson("site-distribution.json")["DefaultCacheBehavior"]!["ResponseHeadersPolicyId"]!.GetValue<string>(), Is.EqualTo("HEADERS_POLICY_ID"));
        var create = Commands("08-frontend.md").Single(c => c.Operation == "create-distribution");
        Assert.That(create.Option("--distribution-config"), Does.Contain("s/HEADERS_POLICY_ID/$HEADERS_POLICY_ID/"));
    }

    [Test]
    public void Site_SyncCommand_LeavesOutWhatTheStackLeavesOut()
    {
        var sync = Commands("08-frontend.md").Single(c => c.Operation == "sync");

        Assert.That(sync.Options["--exclude"], Is.EquivalentTo(new[] { "config.js", "README.md" }));
    }

    // ---------------------------------------------------------------- every page

    [Test]
    public void JsonFiles_EveryFileUnderAws_ParsesAndIsReferencedByAPage()
    {
        var pages = string.Join('\n', Repository.MarkdownFiles().Select(File.ReadAllText));
        var files = Directory.EnumerateFiles(Path.Combine(Repository.Docs, "lab", "aws")).ToList();

        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
        {
            Assert.DoesNotThrow(() => JsonNode.Parse(File.ReadAllText(file)), file);
            Assert.That(pages, Does.Contain("aws/" + Path.GetFileName(file)), $"{Path.GetFileName(file)} is referenced by no page.");
        }
    }

    [Test]
    public void FileArguments_EveryFileUrl_PointsAtAFileThatExists()
    {
        var references = Repository.MarkdownFiles().SelectMany(Markdown.CodeBlocks)
            .SelectMany(b => FileUrl().Matches(b.Code).Select(m => (b.Where, Path: m.Groups["path"].Value)))
            .Where(r => r.Path.StartsWith("docs/", StringComparison.Ordinal))
            .ToList();

        Assert.That(references, Is.Not.Empty);
        foreach (var (where, path) in references)
        {
            var resolved = path.Replace("$name", "addphoto", StringComparison.Ordinal);
            Assert.That(File.Exists(Path.Combine(Repository.Root, resolved)), Is.True, $"{where}: {path}");
        }
    }

    [Test]
    public void Handlers_EveryHandlerStringInTheDocs_IsADeclaredFunctionsHandler()
    {
        var handlers = FunctionCatalog.All.Select(f => f.Handler).ToHashSet();
        var pages = Repository.MarkdownFiles().Where(f => !f.EndsWith("troubleshooting.md", StringComparison.Ordinal));

        foreach (var page in pages)
        {
            foreach (Match handler in HandlerString().Matches(File.ReadAllText(page)))
                Assert.That(handlers, Does.Contain(handler.Value), $"{Repository.Relative(page)}: {handler.Value}");
        }
    }

    [Test]
    public void FunctionAndRoleNames_EveryOneInACommand_IsADeclaredFunctionsName()
    {
        var names = AllCommands()
            .SelectMany(c => new[] { c.Option("--function-name"), c.Option("--role-name") })
            .Where(n => n is not null && !n.Contains('$', StringComparison.Ordinal))
            .Select(n => n!)
            .ToList();

        Assert.That(names, Is.Not.Empty);
        Assert.That(names, Has.All.StartWith(FunctionPrefix));
        Assert.That(names.Select(n => n[FunctionPrefix.Length..]).Distinct(), Is.SubsetOf(FunctionCatalog.All.Select(f => f.Name)));
    }

    internal static IEnumerable<string[]> TableRows(string path) =>
        File.ReadAllLines(path).Where(l => l.StartsWith('|') && !l.StartsWith("|---", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray());

    [GeneratedRegex(@"([A-Z_]+)=")]
    private static partial Regex VariableNames();

    [GeneratedRegex(@"for (?<variable>\w+) in (?<items>[^;]+); do")]
    private static partial Regex ForLoops();

    [GeneratedRegex(@"^(\w+)=\$\(")]
    private static partial Regex AssignedVariable();

    [GeneratedRegex(@"apiBaseUrl: ""[^""]*""")]
    private static partial Regex ApiBaseUrl();

    [GeneratedRegex(@"fileb?://(?<path>[\w./$-]+)")]
    private static partial Regex FileUrl();

    [GeneratedRegex(@"\b\w+::PhotoGallery\.Functions\.\w+\.Function::\w+")]
    private static partial Regex HandlerString();

}
