using System.Globalization;

namespace PhotoGallery.Rehearsal.Lambda;

/// <summary>What differs between two instances of one function: where its Runtime API is, its log stream, the machine's dotnet.</summary>
public sealed record InstanceSettings(string RuntimeApi, string LogStreamName, string DotnetRoot, string RuntimeDirectory);

/// <param name="Variables">The process's whole environment: nothing else is inherited.</param>
/// <param name="Problems">What Lambda would refuse or what the rehearsal had to override, for the report.</param>
public sealed record FunctionEnvironmentPlan(IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> Problems);

/// <summary>
/// The environment Lambda gives a function process: the template's <c>Environment.Variables</c>, Lambda's
/// reserved variables (which a template may not set: CloudFormation fails the deployment), the defaults a
/// template may override (<c>PATH</c>, <c>LANG</c>, <c>TZ</c>, <c>LD_LIBRARY_PATH</c>), what the dotnet
/// bootstrap exports (<c>DOTNET_ROOT</c>, <c>AWS_EXECUTION_ENV</c>), and the rehearsal's one addition,
/// <c>AWS_ENDPOINT_URL</c>.
/// </summary>
public static class FunctionEnvironment
{
    /// <summary>Keys Lambda refuses in a function's configuration ("Reserved environment variables" in the Lambda guide).</summary>
    public static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    };

    public static FunctionEnvironmentPlan Build(FunctionLaunch launch, InstanceSettings instance)
    {
        var function = launch.Function;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Lambda's defaults; a template may replace these.
            ["PATH"] = $"{instance.DotnetRoot}:/usr/local/bin:/usr/bin/:/bin:/opt/bin",
            ["LD_LIBRARY_PATH"] = $"/lib64:/usr/lib64:{instance.RuntimeDirectory}:{instance.RuntimeDirectory}/lib:{launch.TaskRoot}:{launch.TaskRoot}/lib:/opt/lib",
            ["LANG"] = "en_US.UTF-8",
            ["TZ"] = ":UTC",
        };
        foreach (var (key, value) in function.Environment)
            if (!ReservedKeys.Contains(key)) variables[key] = value;

        variables["AWS_REGION"] = launch.Region;
        variables["AWS_DEFAULT_REGION"] = launch.Region;
        variables["AWS_LAMBDA_FUNCTION_NAME"] = function.FunctionName;
        variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySize.ToString(CultureInfo.InvariantCulture);
        variables["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        variables["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        variables["AWS_LAMBDA_LOG_GROUP_NAME"] = $"/aws/lambda/{function.FunctionName}";
        variables["AWS_LAMBDA_LOG_STREAM_NAME"] = instance.LogStreamName;
        variables["AWS_ACCESS_KEY_ID"] = launch.Credentials.AccessKeyId;
        variables["AWS_SECRET_ACCESS_KEY"] = launch.Credentials.SecretAccessKey;
        variables["AWS_SESSION_TOKEN"] = launch.Credentials.SessionToken;
        variables["_HANDLER"] = function.Handler;
        variables["LAMBDA_TASK_ROOT"] = launch.TaskRoot;
        variables["LAMBDA_RUNTIME_DIR"] = instance.RuntimeDirectory;
        variables["AWS_LAMBDA_RUNTIME_API"] = instance.RuntimeApi;
        // The bootstrap's exports: AWS_Lambda_<runtime> from /var/runtime/runtime-release, and its dotnet.
        variables["AWS_EXECUTION_ENV"] = $"AWS_Lambda_{function.Runtime}";
        variables["DOTNET_ROOT"] = instance.DotnetRoot;
        variables["AWS_ENDPOINT_URL"] = EndpointUrl(launch.AwsEndpoint);

        return new FunctionEnvironmentPlan(variables, Problems(function));
    }

    /// <summary>What in a function's configured environment Lambda would refuse, or the rehearsal overrides.</summary>
    public static IReadOnlyList<string> Problems(Stack.LambdaFunction function)
    {
        var problems = new List<string>();
        var reserved = function.Environment.Keys.Where(ReservedKeys.Contains).Order(StringComparer.Ordinal).ToList();
        if (reserved.Count > 0)
            problems.Add(
                $"{function.FunctionName}: its environment sets the reserved variable(s) {string.Join(", ", reserved)}; " +
                "Lambda refuses reserved keys and the deployment fails. Remove them from the stack.");
        if (function.Environment.ContainsKey("AWS_ENDPOINT_URL"))
            problems.Add(
                $"{function.FunctionName}: its environment sets AWS_ENDPOINT_URL, which sends every AWS call of the " +
                "deployed function somewhere other than AWS; the rehearsal replaced it with its own endpoint.");
        if (function.Environment.ContainsKey("AWS_LAMBDA_EXEC_WRAPPER"))
            problems.Add(
                $"{function.FunctionName}: its environment sets AWS_LAMBDA_EXEC_WRAPPER; the rehearsal does not run " +
                "wrapper scripts, so it starts the function without it.");
        return problems;
    }

    // The SDKs take the endpoint as given; a bare authority reads the way people write it.
    private static string EndpointUrl(Uri endpoint) =>
        endpoint.AbsolutePath == "/" ? endpoint.GetLeftPart(UriPartial.Authority) : endpoint.ToString();
}
