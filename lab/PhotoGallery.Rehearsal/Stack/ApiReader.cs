using System.Globalization;
using System.Text.RegularExpressions;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// The REST API as the template declares it: its resources' full paths (from the <c>ParentId</c> chains),
/// methods with their authorizers and integrations, gateway responses, stage, and the Lambda permissions
/// that let API Gateway invoke the functions.
/// </summary>
public sealed partial class ApiReader(TemplateResources template, IReadOnlyDictionary<string, PhysicalResource> physical, ICollection<string> notes)
{
    private const string MethodHeader = "method.response.header.";
    private const string GatewayHeader = "gatewayresponse.header.";

    public RestApiModel? Read()
    {
        var apis = template.OfType("AWS::ApiGateway::RestApi").ToList();
        if (apis.Count == 0) return null;
        if (apis.Count > 1) notes.Add($"the template has {apis.Count} REST APIs; the rehearsal serves {apis[0].LogicalId} only.");
        var api = physical[apis[0].LogicalId];
        var paths = ResourcePaths(api);
        return new RestApiModel(
            api.Ref,
            StageName(api),
            [.. OfApi("AWS::ApiGateway::Method", api).Select(m => Method(m, paths))],
            [.. OfApi("AWS::ApiGateway::GatewayResponse", api).Select(GatewayResponse)],
            LambdaPermissions.Read(template, physical, notes),
            template.OptionalInt(apis[0], "MinimumCompressionSize"));
    }

    private IEnumerable<TemplateResource> OfApi(string type, PhysicalResource api) =>
        template.OfType(type).Where(r => template.OptionalString(r, "RestApiId") == api.Ref);

    /// <summary>Resource id → full path: <c>/</c> for the root, parent's path plus <c>PathPart</c> for the rest.</summary>
    private Dictionary<string, string> ResourcePaths(PhysicalResource api)
    {
        var links = OfApi("AWS::ApiGateway::Resource", api).ToDictionary(
            r => physical[r.LogicalId].Ref,
            r => (Resource: r, Parent: template.RequiredString(r, "ParentId"), Part: template.RequiredString(r, "PathPart")),
            StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal) { [api.Attributes["RootResourceId"]] = "/" };
        string PathOf(string id, int depth)
        {
            if (paths.TryGetValue(id, out var known)) return known;
            if (!links.TryGetValue(id, out var link) || depth > links.Count)
                throw new TemplateException($"An API resource's ParentId {id} is neither the API's root nor one of its resources.");
            var parent = PathOf(link.Parent, depth + 1);
            return paths[id] = (parent == "/" ? "" : parent) + "/" + link.Part;
        }
        foreach (var id in links.Keys) PathOf(id, 0);
        return paths;
    }

    private string StageName(PhysicalResource api)
    {
        var stages = OfApi("AWS::ApiGateway::Stage", api).Select(s => template.RequiredString(s, "StageName"))
            .Concat(OfApi("AWS::ApiGateway::Deployment", api).Select(d => template.OptionalString(d, "StageName")).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (stages.Count == 0)
            throw new TemplateException($"The REST API {api.LogicalId} has no stage (no AWS::ApiGateway::Stage, no Deployment with a StageName): API Gateway would serve nothing.");
        if (stages.Count > 1) notes.Add($"the REST API has stages {string.Join(", ", stages)}; the rehearsal serves {stages[0]}.");
        return stages[0];
    }

    private ApiMethod Method(TemplateResource method, Dictionary<string, string> paths)
    {
        var resourceId = template.RequiredString(method, "ResourceId");
        if (!paths.TryGetValue(resourceId, out var path))
            throw new TemplateException($"{method.Where("ResourceId")} names no resource of the REST API.");
        var authorizerId = template.OptionalString(method, "AuthorizerId");
        return new ApiMethod(
            template.RequiredString(method, "HttpMethod").ToUpperInvariant(),
            path,
            template.OptionalString(method, "AuthorizationType") ?? "NONE",
            authorizerId is null ? null : Authorizer(authorizerId, method),
            Integration(method));
    }

    private ApiAuthorizerModel Authorizer(string authorizerId, TemplateResource method)
    {
        var resource = template.OfType("AWS::ApiGateway::Authorizer").FirstOrDefault(a => physical[a.LogicalId].Ref == authorizerId)
            ?? throw new TemplateException($"{method.Where("AuthorizerId")} names no AWS::ApiGateway::Authorizer of the template.");
        return new ApiAuthorizerModel(
            template.OptionalString(resource, "Name") ?? resource.LogicalId,
            template.RequiredString(resource, "Type"),
            template.OptionalString(resource, "IdentitySource") ?? "method.request.header.Authorization",
            template.Strings(resource, "ProviderARNs"));
    }

    private ApiIntegration Integration(TemplateResource method)
    {
        var where = method.Where("Integration");
        var integration = template.Property(method, "Integration")
            ?? throw new TemplateException($"{where} is missing: a method needs an integration.");
        var type = integration["Type"]?.GetValue<string>() ?? throw new TemplateException($"{where}.Type is missing.");
        var timeout = integration["TimeoutInMillis"] is { } millis
            ? TimeSpan.FromMilliseconds(int.Parse(millis.ToString(), CultureInfo.InvariantCulture))
            : ApiIntegration.DefaultTimeout;
        switch (type)
        {
            case "AWS_PROXY":
                var uri = integration["Uri"]?.GetValue<string>() ?? throw new TemplateException($"{where}.Uri is missing.");
                return new ApiIntegration(type, FunctionArnOf(uri, $"{where}.Uri"), 0, new Dictionary<string, string>()) { Timeout = timeout };
            case "MOCK":
                var response = integration["IntegrationResponses"]?[0];
                if (response is null) notes.Add($"{where}: a MOCK integration without IntegrationResponses; API Gateway answers it with 500.");
                var status = response?["StatusCode"] is { } code ? int.Parse(code.ToString(), CultureInfo.InvariantCulture) : 500;
                return new ApiIntegration(type, null, status, Headers(response?["ResponseParameters"], MethodHeader)) { Timeout = timeout };
            default:
                notes.Add($"{where}: integration type {type} is not rehearsed; the gateway answers that method with 500.");
                return new ApiIntegration(type, null, 0, new Dictionary<string, string>()) { Timeout = timeout };
        }
    }

    /// <summary>The function ARN inside <c>arn:aws:apigateway:&lt;region&gt;:lambda:path/2015-03-31/functions/&lt;function arn&gt;/invocations</c>.</summary>
    public static string FunctionArnOf(string integrationUri, string where) =>
        LambdaUri().Match(integrationUri) is { Success: true } match
            ? match.Groups["function"].Value
            : throw new TemplateException($"{where} is \"{integrationUri}\", not a Lambda invocation URI (arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>/invocations).");

    private GatewayResponseModel GatewayResponse(TemplateResource response) => new(
        template.RequiredString(response, "ResponseType"),
        template.OptionalInt(response, "StatusCode"),
        Headers(template.Property(response, "ResponseParameters"), GatewayHeader));

    /// <summary>
    /// Header mappings (<c>prefix.X</c> → <c>'value'</c>) as header → value, the quotes of a literal removed;
    /// a mapping from the request (<c>method.request.header.Origin</c>) is kept as it is.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Headers(System.Text.Json.Nodes.JsonNode? parameters, string prefix)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (parameters is not System.Text.Json.Nodes.JsonObject mappings) return headers;
        foreach (var (key, value) in mappings)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || value is null) continue;
            var text = value.GetValue<string>();
            headers[key[prefix.Length..]] = text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' ? text[1..^1] : text;
        }
        return headers;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:apigateway:[^:]+:lambda:path/2015-03-31/functions/(?<function>arn:[^/]+)/invocations$")]
    private static partial Regex LambdaUri();
}
