using System.Text.RegularExpressions;

namespace PhotoGallery.Rehearsal.Aws;

/// <summary>One HTTP request as it reached the stand-in.</summary>
/// <param name="Path">The path exactly as sent (still percent-encoded).</param>
/// <param name="Query">The query string exactly as sent, without the <c>?</c>.</param>
/// <param name="Body">The body, when the mapping needs it (DynamoDB and Cognito JSON, S3 DeleteObjects XML); otherwise empty.</param>
public sealed record AwsHttpRequest(
    string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);

/// <summary>One IAM authorization a request needs: the action on the resource, with the request's condition keys.</summary>
public sealed record IamAuthorization(string Action, string Resource, IReadOnlyDictionary<string, string> Context)
{
    public IamAuthorization(string action, string resource) : this(action, resource, NoContext) { }

    public static IReadOnlyDictionary<string, string> NoContext { get; } = new Dictionary<string, string>();
}

/// <summary>What a request is, in IAM's terms.</summary>
/// <param name="Service"><c>s3</c>, <c>dynamodb</c> or <c>cognito-idp</c> (<c>unknown</c> for another X-Amz-Target).</param>
/// <param name="Operation">The API operation, e.g. <c>HeadObject</c>, <c>PutItem</c>, <c>SignUp</c>.</param>
/// <param name="AccessKeyId">The SigV4 (or V2) access key id, or <c>null</c> for an unsigned request.</param>
/// <param name="Presigned">The credential came in the query (a presigned URL), not the Authorization header.</param>
/// <param name="IamApplies">False for calls IAM does not judge: Cognito's public operations, CORS preflights.</param>
/// <param name="Bucket">For S3, the bucket of the request (path-style), if any.</param>
/// <param name="Unknown">Why the rehearsal does not know this call; such a call is refused, never forwarded.</param>
/// <param name="Key">For an S3 object request, the object's key (decoded).</param>
public sealed record MappedAwsCall(
    string Service,
    string Operation,
    string? AccessKeyId,
    bool Presigned,
    bool IamApplies,
    IReadOnlyList<IamAuthorization> Authorizations,
    string? Bucket = null,
    string? Unknown = null,
    string? Key = null)
{
    /// <summary>The label of the call in records: its first action, else service:operation.</summary>
    public string Label => Authorizations.Count > 0 ? Authorizations[0].Action : $"{Service}:{Operation}";
}

/// <summary>
/// Maps an HTTP request to the AWS service it is for, who signed it, and the IAM authorizations it needs,
/// as AWS's request authorization does. Pure: the stand-in and the case-table tests call it the same way.
/// </summary>
public static partial class AwsRequestMapper
{
    public const string S3 = "s3";
    public const string DynamoDb = "dynamodb";
    public const string Cognito = "cognito-idp";

    private const string DynamoDbTargetPrefix = "DynamoDB_20120810.";
    private const string CognitoTargetPrefix = "AWSCognitoIdentityProviderService.";

    public static MappedAwsCall Map(AwsHttpRequest request, string region, string accountId)
    {
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        var query = QueryString.Parse(request.Query);
        var (accessKeyId, presigned, credentialProblem) = Credential(headers, query);
        var call = headers.TryGetValue("X-Amz-Target", out var target) && target.Length > 0
            ? MapTarget(target, request.Body, region, accountId)
            : S3RequestMapper.Map(request.Method, request.Path, query, headers, request.Body);
        call = call with { AccessKeyId = accessKeyId, Presigned = presigned };
        return credentialProblem is null || call.Unknown is not null ? call : call with { Unknown = credentialProblem };
    }

    private static MappedAwsCall MapTarget(string target, ReadOnlyMemory<byte> body, string region, string accountId)
    {
        if (target.StartsWith(DynamoDbTargetPrefix, StringComparison.Ordinal))
            return DynamoDbRequestMapper.Map(target[DynamoDbTargetPrefix.Length..], body, region, accountId);
        if (target.StartsWith(CognitoTargetPrefix, StringComparison.Ordinal))
            return CognitoRequestMapper.Map(target[CognitoTargetPrefix.Length..], body, region, accountId);
        return Refuse("unknown", target, $"X-Amz-Target '{target}' is not a DynamoDB or Cognito user pool operation");
    }

    internal static MappedAwsCall Refuse(string service, string operation, string reason) =>
        new(service, operation, null, false, true, [], Unknown: reason);

    // SigV4 header: "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=..., Signature=...";
    // SigV2 header: "AWS AKID:signature"; presigned: X-Amz-Credential=AKID/... (V4) or AWSAccessKeyId=AKID (V2).
    private static (string? AccessKeyId, bool Presigned, string? Problem) Credential(
        IReadOnlyDictionary<string, string> headers, QueryString query)
    {
        if (headers.TryGetValue("Authorization", out var authorization) && authorization.Length > 0)
        {
            var match = AuthorizationCredential().Match(authorization);
            return match.Success
                ? (match.Groups["key"].Value, false, null)
                : (null, false, "its Authorization header names no access key (expected AWS4-HMAC-SHA256 Credential=<key>/...)");
        }
        if (query.Get("X-Amz-Credential") is { } credential)
        {
            var key = credential.Split('/')[0];
            return key.Length > 0 ? (key, true, null) : (null, true, "its X-Amz-Credential names no access key");
        }
        return query.Get("AWSAccessKeyId") is { Length: > 0 } v2Key ? (v2Key, true, null) : (null, false, null);
    }

    [GeneratedRegex(@"^(?:AWS4-HMAC-SHA256\s+(?:.*[\s,])?Credential=(?<key>[^/,\s]+)/|AWS\s+(?<key>[^:\s]+):)")]
    private static partial Regex AuthorizationCredential();
}

/// <summary>Two authorizations are the same when they ask for the same action on the same resource with the same condition keys.</summary>
internal sealed class AuthorizationComparer : IEqualityComparer<IamAuthorization>
{
    public static AuthorizationComparer Instance { get; } = new();

    public bool Equals(IamAuthorization? x, IamAuthorization? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Action == y.Action && x.Resource == y.Resource
            && x.Context.Count == y.Context.Count && x.Context.All(pair => y.Context.TryGetValue(pair.Key, out var value) && value == pair.Value));

    public int GetHashCode(IamAuthorization obj) => HashCode.Combine(obj.Action, obj.Resource);
}
