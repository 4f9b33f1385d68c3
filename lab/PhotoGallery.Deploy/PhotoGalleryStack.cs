using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.Cognito;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.S3.Deployment;
using Amazon.CDK.AWS.S3.Notifications;
using Constructs;
using PhotoGallery.Aws;
using PhotoGallery.Aws.Catalog;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using CoreCors = PhotoGallery.Core.Http.Cors;
using GalleryPasswordPolicy = PhotoGallery.Core.Users.PasswordPolicy;
using Distribution = Amazon.CDK.AWS.CloudFront.Distribution;
using Function = Amazon.CDK.AWS.Lambda.Function;
using FunctionProps = Amazon.CDK.AWS.Lambda.FunctionProps;
using PhotoGallery.Core.Functions;

namespace PhotoGallery.Deploy;

public sealed class PhotoGalleryStackProps : StackProps
{
    /// <summary>The folder holding one published package per function (<c>&lt;root&gt;/SignUp</c>, …).</summary>
    public required string PackagesDirectory { get; init; }

    /// <summary>The static web app to host behind CloudFront.</summary>
    public required string FrontendDirectory { get; init; }
}

/// <summary>
/// The whole gallery in one stack: the user pool, the private photo bucket, the table, every declared
/// function with one least-privilege role each, a REST API built from the route table with the Cognito
/// authorizer on exactly the protected routes, the bucket's notifications of the functions stored objects
/// trigger, and the frontend behind CloudFront.
/// </summary>
public sealed class PhotoGalleryStack : Stack
{
    public const string StageName = "prod";

    /// <summary>Where <c>dotnet run --project lab/PhotoGallery.Local</c> serves the page.</summary>
    public static readonly IReadOnlyList<string> LocalFrontendOrigins = ["http://localhost:5080", "http://127.0.0.1:5080"];

    /// <summary>.NET 10 has no Runtime constant in this CDK version.</summary>
    public static readonly Runtime Dotnet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    public PhotoGalleryStack(Construct scope, string id, PhotoGalleryStackProps props) : base(scope, id, props)
    {
        var (pool, client) = UserPool();
        var (site, distribution) = Website();
        var photos = PhotoBucket(distribution);
        var table = Table();
        var functions = FunctionCatalog.All.ToDictionary(f => f.Name, f => LambdaFor(f, props.PackagesDirectory, pool, client, photos, table));
        StorageNotifications(functions, photos);
        var (api, apiUrl) = RestApi(functions, pool);
        DeployFrontend(props.FrontendDirectory, site, distribution, apiUrl);

        Output("ApiUrl", apiUrl, "The API's base URL (give it to the grader and to config.js).");
        Output("SiteUrl", $"https://{distribution.DistributionDomainName}", "The gallery's web page.");
        Output("UserPoolId", pool.UserPoolId, "USER_POOL_ID");
        Output("UserPoolClientId", client.UserPoolClientId, "USER_POOL_CLIENT_ID");
        Output("PhotosBucketName", photos.BucketName, "PHOTOS_BUCKET");
        Output("PhotosTableName", table.TableName, "PHOTOS_TABLE");
        Output("RestApiId", api.RestApiId, "The REST API's id.");
    }

    private (UserPool Pool, UserPoolClient Client) UserPool()
    {
        var policy = GalleryPasswordPolicy.Default;
        var pool = new UserPool(this, "Users", new UserPoolProps
        {
            SelfSignUpEnabled = true,
            SignInAliases = new SignInAliases { Username = true },
            SignInCaseSensitive = false,
            AutoVerify = new AutoVerifiedAttrs { Email = true },
            StandardAttributes = new StandardAttributes
            {
                Email = new StandardAttribute { Required = true, Mutable = true },
                Fullname = new StandardAttribute { Required = true, Mutable = true },
            },
            UserVerification = new UserVerificationConfig
            {
                EmailSubject = "Your PhotoGallery confirmation code",
                EmailBody = "Welcome to PhotoGallery! Your confirmation code is {####}.",
                EmailStyle = VerificationEmailStyle.CODE,
            },
            PasswordPolicy = new Amazon.CDK.AWS.Cognito.PasswordPolicy
            {
                MinLength = policy.MinimumLength,
                RequireLowercase = policy.RequireLowercase,
                RequireUppercase = policy.RequireUppercase,
                RequireDigits = policy.RequireDigits,
                RequireSymbols = policy.RequireSymbols,
            },
            AccountRecovery = AccountRecovery.EMAIL_ONLY,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var client = pool.AddClient("WebClient", new UserPoolClientOptions
        {
            GenerateSecret = false,
            AuthFlows = new AuthFlow { UserPassword = true },
            // The gallery signs in with USER_PASSWORD_AUTH only. Without this CDK would switch on the
            // authorization-code and implicit flows with an https://example.com callback nobody uses.
            DisableOAuth = true,
            // LEGACY: confirming an unknown user answers 404 UserNotFound as the contract says (with this on,
            // Cognito would fake a wrong code). Login still says only "Incorrect username or password."
            // (CognitoErrors maps UserNotFound there), and sign-up reveals taken names anyway (409).
            PreventUserExistenceErrors = false,
            IdTokenValidity = Duration.Hours(1),
            AccessTokenValidity = Duration.Hours(1),
            RefreshTokenValidity = Duration.Days(30),
        });
        return (pool, client);
    }

    private (Bucket Site, Distribution Distribution) Website()
    {
        var site = new Bucket(this, "Site", PrivateBucket());
        var distribution = new Distribution(this, "SiteDistribution", new DistributionProps
        {
            Comment = "PhotoGallery web app",
            DefaultRootObject = "index.html",
            DefaultBehavior = new BehaviorOptions
            {
                Origin = S3BucketOrigin.WithOriginAccessControl(site),
                ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                CachePolicy = CachePolicy.CACHING_OPTIMIZED,
                ResponseHeadersPolicy = SiteHeaders(),
            },
            PriceClass = PriceClass.PRICE_CLASS_100,
        });
        return (site, distribution);
    }

    /// <summary>
    /// The page's security headers (<see cref="PageSecurity"/>, the same the local host sends), added by
    /// CloudFront to every file of the site, plus HSTS (the site is HTTPS only). The policy names the
    /// region's REST APIs and buckets rather than this stack's own: the bucket's CORS rule names the
    /// distribution, so the distribution cannot name the bucket (or the API, whose functions name the bucket)
    /// without a dependency cycle.
    /// </summary>
    private ResponseHeadersPolicy SiteHeaders()
    {
        var (api, storage) = PageSecurity.AwsRegionOrigins(Amazon.CDK.Aws.REGION, Amazon.CDK.Aws.URL_SUFFIX);
        return new ResponseHeadersPolicy(this, "SiteHeaders", new ResponseHeadersPolicyProps
        {
            Comment = "PhotoGallery web app: CSP, nosniff, no framing, no referrer, HSTS",
            SecurityHeadersBehavior = new ResponseSecurityHeadersBehavior
            {
                ContentSecurityPolicy = new ResponseHeadersContentSecurityPolicy
                {
                    ContentSecurityPolicy = PageSecurity.ContentSecurityPolicy(api, storage),
                    Override = true,
                },
                ContentTypeOptions = new ResponseHeadersContentTypeOptions { Override = true },
                FrameOptions = new ResponseHeadersFrameOptions { FrameOption = HeadersFrameOption.DENY, Override = true },
                ReferrerPolicy = new ResponseHeadersReferrerPolicy { ReferrerPolicy = HeadersReferrerPolicy.NO_REFERRER, Override = true },
                StrictTransportSecurity = new ResponseHeadersStrictTransportSecurity
                {
                    AccessControlMaxAge = Duration.Seconds(PageSecurity.StrictTransportSecurityMaxAge.TotalSeconds),
                    IncludeSubdomains = true,
                    Override = true,
                },
            },
        });
    }

    private Bucket PhotoBucket(Distribution distribution)
    {
        var props = PrivateBucket();
        props.Cors =
        [
            new CorsRule
            {
                // The deployed page uploads (presigned POST forms) and shows photos; so may the local frontend
                // pointed at this API, under either name a browser may give the local host.
                AllowedOrigins = [$"https://{distribution.DistributionDomainName}", .. LocalFrontendOrigins],
                AllowedMethods = [HttpMethods.GET, HttpMethods.POST, HttpMethods.HEAD],
                AllowedHeaders = ["*"],
                ExposedHeaders = ["ETag"],
                MaxAge = 3000,
            },
        ];
        props.LifecycleRules =
        [
            // Browsers upload under uploads/; addphoto copies checked bytes to photos/. What is left there,
            // finished or abandoned, goes after a day, so no function ever needs to delete.
            new LifecycleRule
            {
                Id = "uploads-expire",
                Prefix = PhotoKeys.UploadsPrefix,
                Expiration = Duration.Days(1),
                AbortIncompleteMultipartUploadAfter = Duration.Days(1),
            },
        ];
        return new Bucket(this, "Photos", props);
    }

    /// <summary>Block all public access, TLS only, encrypted, and gone with the stack (it is a lab).</summary>
    private static BucketProps PrivateBucket() => new()
    {
        BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
        EnforceSSL = true,
        Encryption = BucketEncryption.S3_MANAGED,
        ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
        RemovalPolicy = RemovalPolicy.DESTROY,
        AutoDeleteObjects = true,
    };

    private Table Table()
    {
        var table = new Table(this, "PhotosTable", new TableProps
        {
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = PhotoTable.PartitionKey, Type = AttributeType.STRING },
            SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = PhotoTable.SortKey, Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            TimeToLiveAttribute = PhotoTable.TimeToLive,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        table.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
        {
            IndexName = PhotoTable.GalleryIndex,
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = PhotoTable.GalleryPartitionKey, Type = AttributeType.STRING },
            SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = PhotoTable.GallerySortKey, Type = AttributeType.STRING },
            ProjectionType = ProjectionType.ALL,
        });
        return table;
    }

    /// <summary>One function from its declaration: package, handler, memory, timeout, and the environment and role its access asks for.</summary>
    private Function LambdaFor(FunctionDeclaration declaration, string packages, UserPool pool, UserPoolClient client, Bucket photos, Table table)
    {
        var access = declaration.Access;
        var environment = new Dictionary<string, string>();
        if (access.UsesUserPool)
        {
            environment[AwsSettings.UserPoolId] = pool.UserPoolId;
            environment[AwsSettings.UserPoolClientId] = client.UserPoolClientId;
        }
        if (access.UsesPhotos)
        {
            environment[AwsSettings.PhotosBucket] = photos.BucketName;
            environment[AwsSettings.PhotosTable] = table.TableName;
        }
        var function = new Function(this, declaration.Project, new FunctionProps
        {
            FunctionName = $"{StackName}-{declaration.Name}",
            Description = $"PhotoGallery {declaration.Route?.Key ?? declaration.Name}",
            Runtime = Dotnet10,
            Architecture = Architecture.X86_64,
            Handler = declaration.Handler,
            Code = Code.FromAsset(Path.Combine(packages, declaration.Project)),
            MemorySize = declaration.MemoryMb,
            Timeout = Duration.Seconds(declaration.Timeout.TotalSeconds),
            Environment = environment,
            LogGroup = new LogGroup(this, $"{declaration.Project}Logs", new LogGroupProps
            {
                Retention = RetentionDays.TWO_WEEKS,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
        });
        Grant(function, access, photos, table);
        return function;
    }

    private static void Grant(Function function, FunctionAccess access, Bucket photos, Table table)
    {
        if (access.ObjectActions.Count > 0)
        {
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = [.. access.ObjectActions],
                Resources = [.. access.Prefixes.Select(prefix => photos.ArnForObjects(prefix + "*"))],
            }));
        }
        // No s3:prefix condition: S3 asks "may this role list the bucket?" without a prefix when it decides
        // between 404 and 403 for a missing key, and a condition on the prefix would make that answer 403.
        if (access.ListsObjects)
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["s3:ListBucket"], Resources = [photos.BucketArn] }));
        // Only a query or a scan can read an index; item actions (GetItem, UpdateItem, ...) name the table alone.
        if (access.TableActions.Count > 0)
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = [.. access.TableActions],
                Resources = access.TableActions.Any(ReadsIndexes) ? [table.TableArn, $"{table.TableArn}/index/*"] : [table.TableArn],
            }));
    }

    /// <summary>The DynamoDB actions that may name an index as their resource.</summary>
    public static bool ReadsIndexes(string tableAction) => tableAction is "dynamodb:Query" or "dynamodb:Scan";

    /// <summary>
    /// The bucket notifies each function a storage trigger declares, one filter per suffix (S3 filters take
    /// one prefix and one suffix). CDK makes it a <c>Custom::S3BucketNotifications</c> resource (S3 keeps its
    /// notification configuration on the bucket, which CloudFormation's bucket cannot hold without a cycle)
    /// and the <c>AWS::Lambda::Permission</c> that lets s3.amazonaws.com invoke the function from this bucket.
    /// S3 invokes asynchronously: Lambda retries a failed event twice.
    /// </summary>
    private static void StorageNotifications(Dictionary<string, Function> functions, Bucket photos)
    {
        foreach (var declaration in FunctionCatalog.All)
        {
            if (declaration.Trigger is not StorageTrigger trigger) continue;
            foreach (var suffix in trigger.Suffixes)
            {
                photos.AddEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(functions[declaration.Name]),
                    new NotificationKeyFilter { Prefix = trigger.Prefix, Suffix = suffix });
            }
        }
    }

    private (RestApi Api, string Url) RestApi(Dictionary<string, Function> functions, UserPool pool)
    {
        var accessLogs = new LogGroup(this, "ApiAccessLogs", new LogGroupProps { Retention = RetentionDays.TWO_WEEKS, RemovalPolicy = RemovalPolicy.DESTROY });
        var api = new RestApi(this, "Api", new RestApiProps
        {
            RestApiName = $"{StackName}-api",
            Description = "PhotoGallery: seven Lambda functions, one method each",
            EndpointTypes = [EndpointType.REGIONAL],
            // Listings are JSON with a signed URL or three per photo: compressed, a page of 24 is about a third.
            MinCompressionSize = Size.Kibibytes(1),
            CloudWatchRole = true,
            CloudWatchRoleRemovalPolicy = RemovalPolicy.DESTROY,
            DefaultCorsPreflightOptions = new CorsOptions
            {
                AllowOrigins = [CoreCors.AllowOrigin],
                AllowMethods = CoreCors.AllowMethods.Split(','),
                AllowHeaders = CoreCors.AllowHeaders.Split(','),
                MaxAge = Duration.Seconds(int.Parse(CoreCors.MaxAgeSeconds, System.Globalization.CultureInfo.InvariantCulture)),
            },
            DeployOptions = new StageOptions
            {
                StageName = StageName,
                ThrottlingRateLimit = 50,
                ThrottlingBurstLimit = 100,
                MetricsEnabled = true,
                AccessLogDestination = new LogGroupLogDestination(accessLogs),
                AccessLogFormat = AccessLogFormat.JsonWithStandardFields(new JsonWithStandardFieldProps
                {
                    Caller = false, HttpMethod = true, Ip = true, Protocol = true, RequestTime = true,
                    ResourcePath = true, ResponseLength = true, Status = true, User = true,
                }),
            },
        });
        // API Gateway's own errors (401 from the authorizer, 403 for a missing route, 5XX) carry CORS too,
        // or a browser cannot read them and a page cannot tell "log in again" from "network down".
        foreach (var (name, type) in new[] { ("Default4XX", ResponseType_.DEFAULT_4XX), ("Default5XX", ResponseType_.DEFAULT_5XX) })
        {
            api.AddGatewayResponse(name, new GatewayResponseOptions
            {
                Type = type,
                ResponseHeaders = new Dictionary<string, string>
                {
                    ["Access-Control-Allow-Origin"] = $"'{CoreCors.AllowOrigin}'",
                    ["Access-Control-Allow-Headers"] = $"'{CoreCors.AllowHeaders}'",
                    ["Access-Control-Allow-Methods"] = $"'{CoreCors.AllowMethods}'",
                },
            });
        }

        var authorizer = new CognitoUserPoolsAuthorizer(this, "Authorizer", new CognitoUserPoolsAuthorizerProps
        {
            AuthorizerName = "PhotoGalleryUsers",
            CognitoUserPools = [pool],
            IdentitySource = "method.request.header.Authorization",
        });
        var resources = new Dictionary<string, Amazon.CDK.AWS.APIGateway.IResource> { ["/"] = api.Root };
        foreach (var route in RouteTable.All)
        {
            var options = route.IsProtected
                ? new MethodOptions { AuthorizationType = AuthorizationType.COGNITO, Authorizer = authorizer }
                : new MethodOptions { AuthorizationType = AuthorizationType.NONE };
            ResourceFor(route.Path, resources).AddMethod(route.Method, new LambdaIntegration(functions[route.Name]), options);
        }
        var url = $"https://{api.RestApiId}.execute-api.{Amazon.CDK.Aws.REGION}.{Amazon.CDK.Aws.URL_SUFFIX}/{StageName}";
        return (api, url);
    }

    /// <summary>The resource for a path like <c>/photos/{photoId}</c>, creating each segment once.</summary>
    private static Amazon.CDK.AWS.APIGateway.IResource ResourceFor(string path, Dictionary<string, Amazon.CDK.AWS.APIGateway.IResource> resources)
    {
        if (resources.TryGetValue(path, out var existing)) return existing;
        var slash = path.LastIndexOf('/');
        var parent = ResourceFor(slash == 0 ? "/" : path[..slash], resources);
        var resource = parent.AddResource(path[(slash + 1)..]);
        resources[path] = resource;
        return resource;
    }

    private void DeployFrontend(string frontend, Bucket site, Distribution distribution, string apiUrl)
    {
        new BucketDeployment(this, "SiteContent", new BucketDeploymentProps
        {
            Sources =
            [
                Source.Asset(frontend, new Amazon.CDK.AWS.S3.Assets.AssetOptions { Exclude = ["config.js", "README.md"] }),
                // The one file a deployment writes: where the API is (see frontend/config.js).
                Source.Data("config.js", $"export default {{ apiBaseUrl: \"{apiUrl}\" }};\n"),
            ],
            DestinationBucket = site,
            Distribution = distribution,
            DistributionPaths = ["/*"],
        });
    }

    private void Output(string name, string value, string description) =>
        new CfnOutput(this, name, new CfnOutputProps { Value = value, Description = description });
}
