namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// What each resource answers to <c>Ref</c> and <c>Fn::GetAtt</c>, in AWS's formats: the template's own
/// names where it gives them, else names and ids made as CloudFormation and the services make them.
/// </summary>
public sealed class ResourceIdentities(TemplateResources template, PhysicalNames names, PseudoParameters stack)
{
    private string Region => stack.Region;
    private string Account => stack.AccountId;

    /// <summary>The identity of a resource the rehearsal does not create on an emulator.</summary>
    public PhysicalResource For(TemplateResource resource) => resource.Type switch
    {
        "AWS::Lambda::Function" => Function(resource),
        "AWS::IAM::Role" => Role(resource),
        "AWS::IAM::ManagedPolicy" => ManagedPolicy(resource),
        "AWS::ApiGateway::RestApi" => RestApi(resource),
        "AWS::ApiGateway::Resource" => WithId(resource, names.Id(6), "ResourceId"),
        "AWS::ApiGateway::Deployment" => WithId(resource, names.Id(6), "DeploymentId"),
        "AWS::ApiGateway::Authorizer" => WithId(resource, names.Id(6), "AuthorizerId"),
        "AWS::ApiGateway::Stage" => Identity(resource, template.RequiredString(resource, "StageName")),
        "AWS::Logs::LogGroup" => LogGroup(resource),
        "AWS::CloudFront::Distribution" => Distribution(resource),
        "AWS::CloudFront::OriginAccessControl" => WithId(resource, names.UpperId("E", 13), "Id"),
        "AWS::Lambda::LayerVersion" => LayerVersion(resource),
        _ => Identity(resource, names.Named(stack.StackName, resource.LogicalId, 64)),
    };

    public PhysicalResource Bucket(TemplateResource resource, string name) => Identity(resource, name, new()
    {
        ["Arn"] = $"arn:aws:s3:::{name}",
        ["DomainName"] = $"{name}.s3.amazonaws.com",
        ["RegionalDomainName"] = $"{name}.s3.{Region}.amazonaws.com",
        ["DualStackDomainName"] = $"{name}.s3.dualstack.{Region}.amazonaws.com",
        ["WebsiteURL"] = $"http://{name}.s3-website-{Region}.amazonaws.com",
    });

    public PhysicalResource Table(TemplateResource resource, string name, bool hasStream)
    {
        var attributes = new Dictionary<string, string> { ["Arn"] = TableArn(name) };
        if (hasStream) attributes["StreamArn"] = $"{TableArn(name)}/stream/1970-01-01T00:00:00.000";
        return Identity(resource, name, attributes);
    }

    public PhysicalResource UserPool(TemplateResource resource, string poolId) => Identity(resource, poolId, new()
    {
        ["Arn"] = UserPoolArn(poolId),
        ["UserPoolId"] = poolId,
        ["ProviderName"] = $"cognito-idp.{Region}.amazonaws.com/{poolId}",
        ["ProviderURL"] = Issuer(poolId),
    });

    public PhysicalResource UserPoolClient(TemplateResource resource, string clientId, string name, string? secret)
    {
        var attributes = new Dictionary<string, string> { ["ClientId"] = clientId, ["Name"] = name };
        if (secret is not null) attributes["ClientSecret"] = secret;
        return Identity(resource, clientId, attributes);
    }

    public string UserPoolArn(string poolId) => $"arn:aws:cognito-idp:{Region}:{Account}:userpool/{poolId}";

    /// <summary>The <c>iss</c> of the pool's tokens on AWS.</summary>
    public string Issuer(string poolId) => $"https://cognito-idp.{Region}.amazonaws.com/{poolId}";

    public string FunctionArn(string name) => $"arn:aws:lambda:{Region}:{Account}:function:{name}";

    private string TableArn(string name) => $"arn:aws:dynamodb:{Region}:{Account}:table/{name}";

    private PhysicalResource Function(TemplateResource resource)
    {
        var name = template.OptionalString(resource, "FunctionName") ?? names.Named(stack.StackName, resource.LogicalId, 64);
        return Identity(resource, name, new() { ["Arn"] = FunctionArn(name) });
    }

    private PhysicalResource Role(TemplateResource resource)
    {
        var name = template.OptionalString(resource, "RoleName") ?? names.Named(stack.StackName, resource.LogicalId, 64);
        var path = template.OptionalString(resource, "Path") ?? "/";
        return Identity(resource, name, new()
        {
            ["Arn"] = $"arn:aws:iam::{Account}:role{path}{name}",
            ["RoleId"] = names.UpperId("AROA", 17),
        });
    }

    private PhysicalResource ManagedPolicy(TemplateResource resource)
    {
        var name = template.OptionalString(resource, "ManagedPolicyName") ?? names.Named(stack.StackName, resource.LogicalId, 128);
        var path = template.OptionalString(resource, "Path") ?? "/";
        var arn = $"arn:aws:iam::{Account}:policy{path}{name}";
        return Identity(resource, arn, new() { ["PolicyArn"] = arn });
    }

    private PhysicalResource RestApi(TemplateResource resource)
    {
        var id = names.Id(10);
        return Identity(resource, id, new() { ["RestApiId"] = id, ["RootResourceId"] = names.Id(10) });
    }

    private PhysicalResource LogGroup(TemplateResource resource)
    {
        var name = template.OptionalString(resource, "LogGroupName") ?? names.Named(stack.StackName, resource.LogicalId, 512);
        return Identity(resource, name, new() { ["Arn"] = $"arn:aws:logs:{Region}:{Account}:log-group:{name}:*" });
    }

    private PhysicalResource Distribution(TemplateResource resource)
    {
        var id = names.UpperId("E", 13);
        return Identity(resource, id, new() { ["Id"] = id, ["DomainName"] = $"d{names.Id(13)}.cloudfront.net" });
    }

    private PhysicalResource LayerVersion(TemplateResource resource)
    {
        var name = template.OptionalString(resource, "LayerName") ?? names.Named(stack.StackName, resource.LogicalId, 64);
        var arn = $"arn:aws:lambda:{Region}:{Account}:layer:{name}:1";
        return Identity(resource, arn, new() { ["LayerVersionArn"] = arn });
    }

    private static PhysicalResource WithId(TemplateResource resource, string id, string attribute) =>
        Identity(resource, id, new() { [attribute] = id });

    private static PhysicalResource Identity(TemplateResource resource, string reference, Dictionary<string, string>? attributes = null) =>
        new(resource.LogicalId, resource.Type, reference, attributes ?? []);
}
