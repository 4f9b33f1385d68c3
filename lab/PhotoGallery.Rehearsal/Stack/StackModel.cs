using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// What the rehearsal runs, read from the synthesized CloudFormation template after its resources were
/// created on the emulators: every intrinsic (<c>Ref</c>, <c>Fn::GetAtt</c>, <c>Fn::Join</c>, <c>Fn::Sub</c>)
/// resolved to the emulators' physical names and ARNs.
/// </summary>
public sealed record StackModel(
    string StackName,
    string Region,
    string AccountId,
    IReadOnlyList<LambdaFunction> Functions,
    RestApiModel? Api,
    IReadOnlyList<ProvisionedUserPool> UserPools)
{
    /// <summary>
    /// What the rehearsal did not do as AWS would, for the report: resources it does not run (CloudFront,
    /// custom resources, log groups, ...), settings an emulator cannot apply (TTL on dynalite), unknown
    /// managed policies.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Every bucket's notifications of Lambda functions (CDK's <c>Custom::S3BucketNotifications</c>), resolved.</summary>
    public IReadOnlyList<BucketNotificationModel> Notifications { get; init; } = [];

    /// <summary>Every <c>AWS::Lambda::Permission</c> that lets someone invoke a function (API Gateway, S3, ...).</summary>
    public IReadOnlyList<InvokeGrant> InvokeGrants { get; init; } = [];
}

/// <summary>An <c>AWS::Lambda::Function</c>, with its role's policies.</summary>
/// <param name="AssetPath">The folder (inside the cloud assembly) that <c>cdk deploy</c> zips and uploads as its code.</param>
/// <param name="Environment">Exactly <c>Properties.Environment.Variables</c>, resolved.</param>
/// <param name="Policies">Every policy of its execution role: inline <c>AWS::IAM::Policy</c> documents naming the role, and the managed ones it lists (AWS's documents for the ones we know).</param>
public sealed record LambdaFunction(
    string LogicalId,
    string FunctionName,
    string Arn,
    string Handler,
    string Runtime,
    string Architecture,
    int MemorySize,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string> Environment,
    string AssetPath,
    string RoleArn,
    IReadOnlyList<NamedPolicy> Policies);

public sealed record NamedPolicy(string Name, JsonObject Document);

/// <summary>An <c>AWS::ApiGateway::RestApi</c>, its deployed stage and everything hanging off it.</summary>
/// <param name="MinimumCompressionSize">The API's <c>MinimumCompressionSize</c>: responses of at least this many bytes are
/// compressed for clients that accept it; null when the API compresses nothing.</param>
public sealed record RestApiModel(
    string RestApiId,
    string StageName,
    IReadOnlyList<ApiMethod> Methods,
    IReadOnlyList<GatewayResponseModel> GatewayResponses,
    IReadOnlyList<InvokeGrant> InvokeGrants,
    int? MinimumCompressionSize = null);

/// <param name="ResourcePath">The full path of its resource, e.g. <c>/photos/{photoId}</c> (<c>/</c> for the root).</param>
/// <param name="AuthorizationType"><c>NONE</c>, <c>COGNITO_USER_POOLS</c>, ... as in the template.</param>
public sealed record ApiMethod(
    string HttpMethod,
    string ResourcePath,
    string AuthorizationType,
    ApiAuthorizerModel? Authorizer,
    ApiIntegration Integration);

/// <param name="Type"><c>AWS_PROXY</c> (a Lambda function) or <c>MOCK</c> (CORS preflights).</param>
/// <param name="FunctionArn">For <c>AWS_PROXY</c>: the function ARN inside the integration URI.</param>
/// <param name="MockStatus">For <c>MOCK</c>: the status of its (first) integration response.</param>
/// <param name="MockHeaders">For <c>MOCK</c>: the headers its integration response maps (values unquoted).</param>
public sealed record ApiIntegration(
    string Type,
    string? FunctionArn,
    int MockStatus,
    IReadOnlyDictionary<string, string> MockHeaders)
{
    /// <summary>API Gateway's integration timeout unless the template sets <c>TimeoutInMillis</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(29);

    /// <summary>How long API Gateway waits for the integration (<c>TimeoutInMillis</c>, else 29 s).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
}

/// <param name="UserPoolArns">The <c>ProviderARNs</c> of a <c>COGNITO_USER_POOLS</c> authorizer.</param>
public sealed record ApiAuthorizerModel(string Name, string Type, string IdentitySource, IReadOnlyList<string> UserPoolArns);

/// <summary>An <c>AWS::ApiGateway::GatewayResponse</c>: the headers API Gateway adds to its own answers of that type.</summary>
/// <param name="ResponseType"><c>DEFAULT_4XX</c>, <c>DEFAULT_5XX</c>, <c>UNAUTHORIZED</c>, ...</param>
public sealed record GatewayResponseModel(string ResponseType, int? StatusCode, IReadOnlyDictionary<string, string> Headers);

/// <summary>An <c>AWS::Lambda::Permission</c>: who may invoke a function, from where (and, for S3, from whose account).</summary>
public sealed record InvokeGrant(string FunctionArn, string Principal, string? SourceArn, string? SourceAccount = null);

/// <summary>A bucket's notification configuration as S3 keeps it: which events of which keys go to which functions.</summary>
/// <param name="LogicalId">The resource that sets it (CDK's <c>Custom::S3BucketNotifications</c>).</param>
public sealed record BucketNotificationModel(string LogicalId, string Bucket, IReadOnlyList<LambdaNotification> Lambdas);

/// <summary>One <c>LambdaFunctionConfiguration</c>: the events, the key filter (one prefix, one suffix, either may be empty), the function.</summary>
/// <param name="Id">Its <c>Id</c>, or the one S3 would make up; S3 writes it in each event as <c>configurationId</c>.</param>
/// <param name="Events">e.g. <c>s3:ObjectCreated:*</c>, <c>s3:ObjectCreated:Put</c>.</param>
public sealed record LambdaNotification(string Id, string FunctionArn, IReadOnlyList<string> Events, string Prefix, string Suffix)
{
    /// <summary>
    /// Whether S3 sends this configuration an event named <paramref name="eventName"/> (<c>ObjectCreated:Put</c>)
    /// for <paramref name="key"/>: one of its events is that one or its wildcard, and the key starts with the
    /// prefix and ends with the suffix (case-sensitive, as S3 compares them).
    /// </summary>
    public bool Matches(string eventName, string key) =>
        Events.Any(e => e == "s3:" + eventName || (e.EndsWith(":*", StringComparison.Ordinal) && ("s3:" + eventName).StartsWith(e[..^1], StringComparison.Ordinal)))
        && key.StartsWith(Prefix, StringComparison.Ordinal) && key.EndsWith(Suffix, StringComparison.Ordinal);
}

/// <summary>A user pool created on cognito-local from an <c>AWS::Cognito::UserPool</c>, with its app clients.</summary>
/// <param name="Issuer">The <c>iss</c> its tokens carry: <c>https://cognito-idp.&lt;region&gt;.amazonaws.com/&lt;id&gt;</c>, as on AWS.</param>
/// <param name="JwksUrl">Where its signing keys are served (the emulator).</param>
public sealed record ProvisionedUserPool(
    string LogicalId, string UserPoolId, string Arn, string Issuer, Uri JwksUrl, IReadOnlyList<string> ClientIds);
