using PhotoGallery.Rehearsal.Lambda;
using PhotoGallery.Rehearsal.Stack;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

/// <summary>A function launch as the rehearsal builds one from the template, with test defaults.</summary>
internal static class TestLaunch
{
    public const string Region = "eu-west-1";
    public static readonly Uri AwsEndpoint = new("http://127.0.0.1:9/");
    public static readonly SessionCredentials Credentials = new("AKIATESTFUNCTION0001", "secret-key", "session-token");

    public static FunctionLaunch For(
        string name, string handler, string taskRoot, string runtimeDirectory,
        TimeSpan? timeout = null, int memorySize = 512, IReadOnlyDictionary<string, string>? environment = null) =>
        new(
            new LambdaFunction(
                LogicalId: name.Replace("-", "", StringComparison.Ordinal),
                FunctionName: name,
                Arn: $"arn:aws:lambda:{Region}:123456789012:function:{name}",
                Handler: handler,
                Runtime: "dotnet10",
                Architecture: "x86_64",
                MemorySize: memorySize,
                Timeout: timeout ?? TimeSpan.FromSeconds(15),
                Environment: environment ?? new Dictionary<string, string>(),
                AssetPath: taskRoot,
                RoleArn: $"arn:aws:iam::123456789012:role/{name}-role",
                Policies: []),
            taskRoot,
            runtimeDirectory,
            AwsEndpoint,
            Credentials,
            Region);
}
