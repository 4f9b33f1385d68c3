using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Aws;

/// <summary>A function's identity toward AWS: its credentials and its role's policies.</summary>
public sealed record AwsPrincipal(
    string FunctionName, string RoleArn, string AccessKeyId, string SecretAccessKey, string SessionToken,
    IReadOnlyList<JsonObject> Policies);

/// <summary>
/// One call that reached the AWS stand-in, attributed and judged.
/// </summary>
/// <remarks>
/// A call that needs several authorizations (CopyObject: s3:PutObject and s3:GetObject; BatchWriteItem on two
/// tables; HeadObject of a missing key, which also asks for s3:ListBucket) is recorded once per authorization,
/// each with the call's final status.
/// </remarks>
/// <param name="Function">The calling function (from the SigV4 credential), or <c>null</c> for an unsigned call.</param>
/// <param name="Action">The IAM action, e.g. <c>s3:GetObject</c>, <c>dynamodb:Query</c>; the operation for unsigned Cognito calls (<c>cognito-idp:SignUp</c>) and CORS preflights (<c>s3:CorsPreflight</c>).</param>
/// <param name="Resource">The ARN the action was evaluated on (empty for unsigned calls).</param>
/// <param name="Decision">
/// <c>Allowed</c>, <c>ImplicitlyDenied</c>, <c>ExplicitlyDenied</c>, <c>Unsigned</c> (no IAM applies), or
/// <c>Refused</c>: the stand-in refused it before or instead of IAM (an access key of no function, a call the
/// rehearsal does not know, a signed-only call sent unsigned, a request the IAM evaluation could not judge).
/// The stand-in's log line says which.
/// </param>
/// <param name="Presigned">True when the caller was not the function but someone holding its presigned URL.</param>
public sealed record AwsCall(
    DateTimeOffset At, string? Function, string Service, string Action, string Resource, string Decision,
    int Status, bool Presigned)
{
    public bool Denied => Decision is "ImplicitlyDenied" or "ExplicitlyDenied" or "Refused";
}
