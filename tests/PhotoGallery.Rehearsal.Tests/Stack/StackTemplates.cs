using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Tests.Stack;

/// <summary>
/// The synthesized stack the tests read (Fixtures/PhotoGallery.template.json, from <c>cdk synth</c> of
/// lab/PhotoGallery.Deploy) and variants of it with one thing broken, as a student's stack might be.
/// </summary>
public static class StackTemplates
{
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";

    /// <summary>The logical ids of the four methods the Cognito authorizer protects.</summary>
    public static readonly IReadOnlyList<string> PhotoMethods =
        ["ApiphotosPOST1E0A04CC", "ApiphotosGET84521FEB", "ApiphotosphotoIdGET020769CD", "ApisearchGETCD9A8201"];

    public static JsonObject Fixture() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Stack", "Fixtures", "PhotoGallery.template.json")))!.AsObject();

    /// <summary>The stack with one method's authorizer removed (a mistake the rehearsal must show).</summary>
    public static JsonObject WithoutAuthorizer(string methodLogicalId)
    {
        var template = Fixture();
        var properties = template["Resources"]![methodLogicalId]!["Properties"]!.AsObject();
        properties["AuthorizationType"] = "NONE";
        properties.Remove("AuthorizerId");
        return template;
    }

    /// <summary>The stack without its gateway responses: API Gateway's own errors then carry no CORS headers.</summary>
    public static JsonObject WithoutGatewayResponses()
    {
        var template = Fixture();
        var resources = template["Resources"]!.AsObject();
        foreach (var id in resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::ApiGateway::GatewayResponse").Select(r => r.Key).ToList())
            resources.Remove(id);
        var deployment = resources.First(r => r.Value!["Type"]!.GetValue<string>() == "AWS::ApiGateway::Deployment").Value!;
        var dependsOn = deployment["DependsOn"]!.AsArray();
        foreach (var item in dependsOn.Where(d => d!.GetValue<string>().StartsWith("ApiDefault", StringComparison.Ordinal)).ToList())
            dependsOn.Remove(item);
        return template;
    }
}
