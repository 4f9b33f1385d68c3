namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// Names and ids as CloudFormation and the services make them when the template gives none:
/// <c>&lt;stack&gt;-&lt;logical id&gt;-&lt;random&gt;</c> cut to the service's length limit (bucket names lower-cased),
/// and the short random ids API Gateway and CloudFront hand out.
/// </summary>
public sealed class PhysicalNames(Random random)
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A bucket name: at most 63 characters, lower case (S3's rules).</summary>
    public string Bucket(string stack, string logicalId) =>
        Compose(stack, logicalId, Random(Lower, 12), 63).ToLowerInvariant();

    /// <summary>A generated name (functions, roles, tables, log groups): <c>PhotoGallery-AddPhoto374AF95B-1A2B3C4D5E6F7</c>.</summary>
    public string Named(string stack, string logicalId, int maxLength) =>
        Compose(stack, logicalId, Random(Upper, 13), maxLength);

    /// <summary>A lower-case id such as a REST API's (<c>a1b2c3d4e5</c>, 10) or a resource's (6).</summary>
    public string Id(int length) => Random(Lower, length);

    /// <summary>An upper-case id such as a CloudFront distribution's or an IAM role's unique id.</summary>
    public string UpperId(string prefix, int length) => prefix + Random(Upper, length);

    private static string Compose(string stack, string logicalId, string suffix, int maxLength)
    {
        var room = maxLength - suffix.Length - 2;
        var stackPart = stack.Length > room / 2 && stack.Length + logicalId.Length > room ? stack[..Math.Max(1, room / 2)] : stack;
        var idPart = logicalId.Length > room - stackPart.Length ? logicalId[..Math.Max(1, room - stackPart.Length)] : logicalId;
        return $"{stackPart}-{idPart}-{suffix}";
    }

    private string Random(string alphabet, int length) =>
        string.Create(length, (alphabet, random), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
        });
}
