using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Gateway;

/// <summary>
/// Lambda's resource policy check when a service invokes a function: some <c>AWS::Lambda::Permission</c>
/// must let <c>apigateway.amazonaws.com</c> invoke it from the method's execute-api ARN (or
/// <c>s3.amazonaws.com</c> from the bucket), its <c>SourceArn</c> compared as IAM's <c>ArnLike</c> does. Pure.
/// </summary>
public static class InvokePermissions
{
    public const string ApiGatewayPrincipal = "apigateway.amazonaws.com";

    /// <summary>The ARN API Gateway invokes with: <c>arn:aws:execute-api:&lt;region&gt;:&lt;account&gt;:&lt;api&gt;/&lt;stage&gt;/&lt;METHOD&gt;/&lt;path&gt;</c>.</summary>
    public static string SourceArn(string region, string accountId, string apiId, string stage, string httpMethod, string path) =>
        $"arn:aws:execute-api:{region}:{accountId}:{apiId}/{stage}/{httpMethod}/{path.TrimStart('/')}";

    public const string S3Principal = "s3.amazonaws.com";

    public static bool Allows(IEnumerable<InvokeGrant> grants, string functionArn, string sourceArn) =>
        grants.Any(g => g.FunctionArn == functionArn
            && g.Principal is ApiGatewayPrincipal or "*"
            && (g.SourceArn is null || ArnLike(g.SourceArn, sourceArn)));

    /// <summary>
    /// Whether S3 may invoke the function for a notification of <paramref name="bucket"/> in
    /// <paramref name="accountId"/>: a permission for <c>s3.amazonaws.com</c> whose <c>SourceArn</c> (if any)
    /// is like the bucket's ARN and whose <c>SourceAccount</c> (if any) is the bucket owner's account.
    /// </summary>
    public static bool AllowsS3(IEnumerable<InvokeGrant> grants, string functionArn, string bucket, string accountId) =>
        grants.Any(g => g.FunctionArn == functionArn
            && g.Principal is S3Principal or "*"
            && (g.SourceArn is null || ArnLike(g.SourceArn, $"arn:aws:s3:::{bucket}"))
            && (g.SourceAccount is null || g.SourceAccount == accountId));

    /// <summary>
    /// IAM's ArnLike: both split into their six colon-separated parts, each part matched with <c>*</c>
    /// (any run of characters, <c>/</c> included) and <c>?</c> (any one character).
    /// </summary>
    public static bool ArnLike(string pattern, string arn)
    {
        var patternParts = pattern.Split(':', 6);
        var arnParts = arn.Split(':', 6);
        return patternParts.Length == arnParts.Length
            && patternParts.Zip(arnParts).All(pair => Glob(pair.First, pair.Second));
    }

    private static bool Glob(string pattern, string text)
    {
        // Iterative wildcard match with backtracking to the last '*'.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
