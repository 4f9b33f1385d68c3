using System.Text.Json.Nodes;
using PhotoGallery.Emulators;

namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// Does what CloudFormation does with the synthesized template, on the emulators: creates each resource
/// after the ones it refers to (buckets on s3rver, tables on dynalite, user pools and app clients on
/// cognito-local, from the template's own properties), gives every other resource the name or id AWS
/// would, and reads the result into a <see cref="StackModel"/> with every intrinsic resolved.
/// </summary>
public sealed class StackProvisioner
{
    /// <summary>The resource types the rehearsal reads into the model (besides the ones it creates on an emulator).</summary>
    private static readonly HashSet<string> ReadTypes =
    [
        "AWS::Lambda::Function", "AWS::Lambda::Permission", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
        "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Method", "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Authorizer", "AWS::ApiGateway::GatewayResponse",
        NotificationReader.CustomResourceType,
    ];

    private readonly JsonObject _template;
    private readonly EmulatorSet _emulators;
    private readonly TextWriter _log;
    private readonly PseudoParameters _stack;
    private readonly Dictionary<string, PhysicalResource> _physical = new(StringComparer.Ordinal);
    private readonly TemplateResources _resources;
    private readonly ResourceIdentities _identities;
    private readonly PhysicalNames _names = new(new Random());
    private readonly List<string> _notes = [];
    private readonly List<ProvisionedUserPool> _pools = [];

    private StackProvisioner(JsonObject template, PseudoParameters stack, EmulatorSet emulators, TextWriter log)
    {
        _template = template;
        _emulators = emulators;
        _log = log;
        _stack = stack;
        var resolver = new IntrinsicResolver(_physical, stack, template["Mappings"] as JsonObject, template["Parameters"] as JsonObject);
        _resources = new TemplateResources(template, resolver);
        _identities = new ResourceIdentities(_resources, _names, stack);
    }

    public static async Task<StackModel> ProvisionAsync(JsonObject template, string stackName, EmulatorSet emulators, string region,
        string accountId, TextWriter log, CancellationToken cancellationToken)
    {
        var provisioner = new StackProvisioner(template, new PseudoParameters(region, accountId, stackName), emulators, log);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await provisioner.CreateAllAsync(new CognitoPools(http, emulators.CognitoUrl), cancellationToken);
        return provisioner.Model();
    }

    private async Task CreateAllAsync(CognitoPools cognito, CancellationToken cancellationToken)
    {
        var resources = _template["Resources"] as JsonObject
            ?? throw new TemplateException("The template has no Resources.");
        foreach (var logicalId in TemplateGraph.CreationOrder(resources))
        {
            var resource = _resources.Find(logicalId)!;
            _physical[logicalId] = resource.Type switch
            {
                "AWS::S3::Bucket" => await BucketAsync(resource, cancellationToken),
                "AWS::DynamoDB::Table" => await TableAsync(resource, cancellationToken),
                "AWS::Cognito::UserPool" => await UserPoolAsync(resource, cognito, cancellationToken),
                "AWS::Cognito::UserPoolClient" => await UserPoolClientAsync(resource, cognito, cancellationToken),
                _ => _identities.For(resource),
            };
        }
        foreach (var skipped in _resources.All.Where(r => !IsModelled(r.Type)).GroupBy(r => r.Type))
            _notes.Add($"not run by the rehearsal: {skipped.Key} ({string.Join(", ", skipped.Select(r => r.LogicalId))}).");
    }

    private static bool IsModelled(string type) =>
        ReadTypes.Contains(type) || type is "AWS::S3::Bucket" or "AWS::DynamoDB::Table" or "AWS::Cognito::UserPool" or "AWS::Cognito::UserPoolClient";

    private StackModel Model()
    {
        var functions = new FunctionReader(_resources, _physical, _notes).ReadAll();
        var api = new ApiReader(_resources, _physical, _notes).Read();
        var notifications = new NotificationReader(_resources, _notes).ReadAll();
        var grants = LambdaPermissions.Read(_resources, _physical, _notes);
        foreach (var bucket in notifications)
            _log.WriteLine($"[stack] bucket {bucket.Bucket} notifies: {string.Join("; ", bucket.Lambdas.Select(l => $"{string.Join(",", l.Events)} on {l.Prefix}*{l.Suffix} → {l.FunctionArn}"))}");
        // Functions sharing a role would repeat its notes, as would a permission both readers see.
        var notes = _notes.Distinct(StringComparer.Ordinal).ToList();
        foreach (var note in notes) _log.WriteLine($"[stack] note: {note}");
        return new StackModel(_stack.StackName, _stack.Region, _stack.AccountId, functions, api, _pools)
        {
            Notes = notes,
            Notifications = notifications,
            InvokeGrants = grants,
        };
    }

    private async Task<PhysicalResource> BucketAsync(TemplateResource resource, CancellationToken cancellationToken)
    {
        var name = _resources.OptionalString(resource, "BucketName") ?? _names.Bucket(_stack.StackName, resource.LogicalId);
        var cors = S3Buckets.Cors(_resources.Property(resource, "CorsConfiguration"), resource.Where("CorsConfiguration"));
        await OnEmulatorAsync(resource, "s3rver", () => S3Buckets.CreateAsync(_emulators, name, cors, cancellationToken));
        if (resource.Properties?["LifecycleConfiguration"] is not null)
            _notes.Add($"bucket {name}: its LifecycleConfiguration is not applied (s3rver has no lifecycle rules).");
        _log.WriteLine($"[stack] bucket {name} ({resource.LogicalId}){(cors is null ? "" : $", CORS: {cors.Rules.Count} rule(s)")}");
        return _identities.Bucket(resource, name);
    }

    private async Task<PhysicalResource> TableAsync(TemplateResource resource, CancellationToken cancellationToken)
    {
        var name = _resources.OptionalString(resource, "TableName") ?? _names.Named(_stack.StackName, resource.LogicalId, 255);
        var properties = new JsonObject();
        foreach (var property in DynamoDbTables.Properties)
        {
            if (_resources.Property(resource, property) is { } value) properties[property] = value;
        }
        var request = DynamoDbTables.CreateRequest(name, properties, $"Resources.{resource.LogicalId}.Properties");
        string? note = null;
        await OnEmulatorAsync(resource, "dynalite", async () =>
            note = await DynamoDbTables.CreateAsync(_emulators, request, properties["TimeToLiveSpecification"] as JsonObject, cancellationToken));
        if (note is not null) _notes.Add(note);
        var indexes = request.GlobalSecondaryIndexes?.Select(i => i.IndexName) ?? [];
        _log.WriteLine($"[stack] table {name} ({resource.LogicalId}), {request.BillingMode}, indexes: {string.Join(", ", indexes.DefaultIfEmpty("none"))}");
        return _identities.Table(resource, name, request.StreamSpecification is not null);
    }

    private async Task<PhysicalResource> UserPoolAsync(TemplateResource resource, CognitoPools cognito, CancellationToken cancellationToken)
    {
        var name = _resources.OptionalString(resource, "UserPoolName") ?? _names.Named(_stack.StackName, resource.LogicalId, 128);
        var request = CognitoPools.PoolRequest(name, property => _resources.Property(resource, property));
        if (resource.Properties?["LambdaConfig"] is not null)
            _notes.Add($"user pool {resource.LogicalId}: its Lambda triggers (LambdaConfig) are not run.");
        var poolId = "";
        await OnEmulatorAsync(resource, "cognito-local", async () => poolId = await cognito.CreatePoolAsync(request, cancellationToken));
        var identity = _identities.UserPool(resource, poolId);
        _pools.Add(new ProvisionedUserPool(resource.LogicalId, poolId, identity.Attributes["Arn"], _identities.Issuer(poolId),
            new Uri(_emulators.CognitoUrl, $"{poolId}/.well-known/jwks.json"), []));
        _log.WriteLine($"[stack] user pool {poolId} ({resource.LogicalId}) \"{name}\"");
        return identity;
    }

    private async Task<PhysicalResource> UserPoolClientAsync(TemplateResource resource, CognitoPools cognito, CancellationToken cancellationToken)
    {
        var poolId = _resources.RequiredString(resource, "UserPoolId");
        var pool = _pools.FindIndex(p => p.UserPoolId == poolId);
        if (pool < 0) throw new TemplateException($"{resource.Where("UserPoolId")} is {poolId}, not a user pool of this template.");
        var name = _resources.OptionalString(resource, "ClientName") ?? resource.LogicalId;
        var request = CognitoPools.ClientRequest(poolId, name, property => _resources.Property(resource, property));
        (string Id, string? Secret) client = ("", null);
        await OnEmulatorAsync(resource, "cognito-local", async () => client = await cognito.CreateClientAsync(request, cancellationToken));
        _pools[pool] = _pools[pool] with { ClientIds = [.. _pools[pool].ClientIds, client.Id] };
        _log.WriteLine($"[stack] app client {client.Id} ({resource.LogicalId}) of {poolId}, flows: {request["ExplicitAuthFlows"]?.ToJsonString() ?? "none"}");
        return _identities.UserPoolClient(resource, client.Id, name, client.Secret);
    }

    /// <summary>An emulator's refusal, as a message naming the resource.</summary>
    private static async Task OnEmulatorAsync(TemplateResource resource, string emulator, Func<Task> create)
    {
        try
        {
            await create();
        }
        catch (Exception e) when (e is not (OperationCanceledException or TemplateException))
        {
            throw new InvalidOperationException($"Creating {resource.LogicalId} ({resource.Type}) on {emulator} failed: {e.Message}", e);
        }
    }
}
