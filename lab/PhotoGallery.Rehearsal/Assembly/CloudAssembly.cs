using System.Text.Json.Nodes;

namespace PhotoGallery.Rehearsal.Assembly;

/// <summary>
/// A synthesized cloud assembly (a <c>cdk.out</c> folder): its one stack's template, and the folder CDK
/// staged for each Lambda function's code, which <c>cdk deploy</c> zips and uploads.
/// </summary>
public sealed record CloudAssembly(string Directory, string StackName, JsonObject Template)
{
    public static CloudAssembly Read(string directory, string? stackName = null)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath))
            throw new RehearsalException($"{directory} is not a cloud assembly: it has no manifest.json (run `npx cdk synth` first, or leave out --assembly).");
        var artifacts = ParseObject(manifestPath)["artifacts"]?.AsObject() ?? [];
        var stacks = artifacts
            .Where(a => a.Value?["type"]?.GetValue<string>() == "aws:cloudformation:stack")
            .Select(a => (Name: a.Key, File: a.Value!["properties"]?["templateFile"]?.GetValue<string>()))
            .Where(s => s.File is not null)
            .ToList();
        var chosen = stackName is null
            ? stacks.Count == 1 ? stacks[0] : throw new RehearsalException(
                $"The cloud assembly holds {stacks.Count} stacks ({string.Join(", ", stacks.Select(s => s.Name))}); choose one with --stack.")
            : stacks.FirstOrDefault(s => s.Name == stackName) is { File: not null } named ? named
            : throw new RehearsalException($"The cloud assembly has no stack '{stackName}' (it has: {string.Join(", ", stacks.Select(s => s.Name))}).");
        return new CloudAssembly(Path.GetFullPath(directory), chosen.Name, ParseObject(Path.Combine(directory, chosen.File!)));
    }

    /// <summary>The Lambda functions whose code CDK staged as a folder: logical id → that folder (absolute).</summary>
    public IReadOnlyDictionary<string, string> FunctionAssets()
    {
        var assets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, resource) in Template["Resources"]?.AsObject() ?? [])
        {
            if (resource?["Type"]?.GetValue<string>() != "AWS::Lambda::Function") continue;
            if (AssetFolder(resource) is { } folder) assets[id] = folder;
        }
        return assets;
    }

    /// <summary>
    /// The staged folder of a function: named by the resource's <c>aws:asset:path</c> metadata (the CLI
    /// asks for it), else found through its <c>Code.S3Key</c> in the assets manifest. <c>null</c> for
    /// functions with inline code.
    /// </summary>
    private string? AssetFolder(JsonNode resource)
    {
        var path = resource["Metadata"]?["aws:asset:path"]?.GetValue<string>();
        if (path is null && resource["Properties"]?["Code"]?["S3Key"] is JsonValue key && key.TryGetValue<string>(out var s3Key))
            path = AssetsBySourceKey().GetValueOrDefault(s3Key);
        return path is null ? null : Path.GetFullPath(Path.Combine(Directory, path));
    }

    private Dictionary<string, string> AssetsBySourceKey()
    {
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.assets.json"))
        {
            foreach (var (_, asset) in ParseObject(file)["files"]?.AsObject() ?? [])
            {
                var source = asset?["source"]?["path"]?.GetValue<string>();
                foreach (var (_, destination) in asset?["destinations"]?.AsObject() ?? [])
                {
                    if (source is not null && destination?["objectKey"]?.GetValue<string>() is { } objectKey) byKey[objectKey] = source;
                }
            }
        }
        return byKey;
    }

    private static JsonObject ParseObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new RehearsalException($"{path} is empty.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new RehearsalException($"{path} is not valid JSON: {e.Message}", e);
        }
    }
}
