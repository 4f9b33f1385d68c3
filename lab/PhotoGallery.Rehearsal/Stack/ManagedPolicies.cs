using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>The AWS managed policies whose documents the rehearsal knows (as AWS publishes them).</summary>
public static class ManagedPolicies
{
    private const string BasicExecutionRole = "AWSLambdaBasicExecutionRole";

    /// <summary>The policy an ARN names, or <c>null</c> when it is not one the rehearsal knows.</summary>
    public static NamedPolicy? Find(string arn) =>
        arn.EndsWith(":iam::aws:policy/service-role/" + BasicExecutionRole, StringComparison.Ordinal) && arn.StartsWith("arn:", StringComparison.Ordinal)
            ? new NamedPolicy(BasicExecutionRole, BasicExecutionRoleDocument())
            : null;

    private static JsonObject BasicExecutionRoleDocument() => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Action"] = new JsonArray("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
            ["Resource"] = "*",
        }),
    };
}
