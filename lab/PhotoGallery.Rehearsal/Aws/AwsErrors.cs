using System.Security;
using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Aws;

/// <summary>An error answer, shaped as the service answers it so the AWS SDKs parse it as they do on AWS.</summary>
public sealed record AwsError(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// The answers AWS gives when it refuses a call: S3's XML <c>&lt;Error&gt;</c> (no body for HEAD), and the
/// JSON <c>__type</c> of DynamoDB (<c>x-amz-json-1.0</c>) and Cognito (<c>x-amz-json-1.1</c>). Coral's
/// front-layer errors (access denied) carry <c>Message</c>, service-layer ones <c>message</c>, as on AWS.
/// </summary>
public static class AwsErrors
{
    /// <summary>IAM's wording, e.g. "User: arn:… is not authorized to perform: s3:PutObject on resource: "arn:…" because no identity-based policy allows the s3:PutObject action".</summary>
    public static string NotAuthorizedMessage(string service, string principalArn, string action, string resource, PolicyResult result)
    {
        var target = service == AwsRequestMapper.S3 ? $"\"{resource}\"" : resource;
        var because = result == PolicyResult.ExplicitlyDenied
            ? "with an explicit deny in an identity-based policy"
            : $"because no identity-based policy allows the {action} action";
        return $"User: {principalArn} is not authorized to perform: {action} on resource: {target} {because}";
    }

    public static AwsError AccessDenied(string service, string message, string requestId) => service == AwsRequestMapper.S3
        ? S3Error(403, "AccessDenied", message, requestId)
        : Json(service, 400, "com.amazon.coral.service#AccessDeniedException", "AccessDeniedException", "Message", message, requestId);

    public static AwsError InvalidAccessKey(string service, string accessKeyId, string requestId) => service == AwsRequestMapper.S3
        ? S3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", requestId,
            ("AWSAccessKeyId", accessKeyId))
        : Json(service, 400, "com.amazon.coral.service#UnrecognizedClientException", "UnrecognizedClientException", "message",
            "The security token included in the request is invalid.", requestId);

    public static AwsError MissingAuthentication(string service, string requestId) => service == AwsRequestMapper.S3
        ? S3Error(403, "AccessDenied", "Access Denied", requestId)
        : Json(service, 400, "com.amazon.coral.service#MissingAuthenticationTokenException", "MissingAuthenticationTokenException", "message",
            "Request is missing Authentication Token", requestId);

    /// <summary>Any other S3 refusal: its status, code and message as S3 words them, with S3's extra elements.</summary>
    public static AwsError S3Error(int status, string code, string message, string requestId, params (string Name, string Value)[] extra)
    {
        var details = string.Concat(extra.Select(field => $"<{field.Name}>{SecurityElement.Escape(field.Value)}</{field.Name}>"));
        var body = $"""<?xml version="1.0" encoding="UTF-8"?>""" + "\n"
            + $"<Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message>{details}<RequestId>{requestId}</RequestId></Error>";
        return new AwsError(status, "application/xml", body, new Dictionary<string, string> { ["x-amz-request-id"] = requestId });
    }

    // DynamoDB names coral's errors in full in __type; Cognito (JSON 1.1) gives the short name.
    private static AwsError Json(string service, int status, string qualifiedType, string shortType, string messageField, string message, string requestId)
    {
        var dynamo = service == AwsRequestMapper.DynamoDb;
        var body = new JsonObject { ["__type"] = dynamo ? qualifiedType : shortType, [messageField] = message }.ToJsonString();
        var headers = new Dictionary<string, string> { ["x-amzn-RequestId"] = requestId };
        if (!dynamo) headers["x-amzn-ErrorType"] = shortType + ":";
        return new AwsError(status, dynamo ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1", body, headers);
    }
}
