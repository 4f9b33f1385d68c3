using PhotoGallery.LambdaRuntime;

// The rehearsal's runtime client: what /var/runtime/Amazon.Lambda.RuntimeSupport.dll is on Lambda. The
// host starts it as the dotnet bootstrap does,
//   dotnet exec --depsfile <task>/<asm>.deps.json --runtimeconfig <task>/<asm>.runtimeconfig.json
//        <runtime dir>/PhotoGallery.LambdaRuntime.dll <handler>
// so the function's own dependency graph and framework decide what loads. Then: load the handler (an
// error is posted to /init/error and ends the process), and serve one event at a time from /next.

var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrEmpty(runtimeApi))
{
    await Console.Error.WriteLineAsync(
        "Error: AWS_LAMBDA_RUNTIME_API is not set. This program is started by a Lambda Runtime API host " +
        "(the rehearsal: dotnet run --project lab/PhotoGallery.Rehearsal), not by hand.");
    return 1;
}

// The command-line argument wins over _HANDLER, as in the bootstrap.
var handler = args is [{ Length: > 0 } first, ..] ? first : Environment.GetEnvironmentVariable("_HANDLER");
string? currentRequestId = null;
var console = LambdaConsole.Install(() => currentRequestId);
MemoryLimit.Apply();

using var runtime = new RuntimeApiClient(runtimeApi);
UserCode code;
try
{
    code = UserCode.Load(handler);
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync(e.ToString());
    console.MarkOutputDone("init");
    await runtime.ReportInitErrorAsync(ErrorDocument.TypeOf(e), ErrorDocument.From(e), CancellationToken.None);
    return 1;
}

// The host ends the instance by killing it; if the host itself is gone, so is the point of running.
try
{
    while (true)
    {
        var invocation = await runtime.NextAsync(CancellationToken.None);
        currentRequestId = invocation.RequestId;
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);

        Stream? output;
        try
        {
            output = await code.InvokeAsync(invocation.Payload);
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync(e.ToString());
            console.MarkOutputDone(invocation.RequestId);
            await runtime.ReportInvocationErrorAsync(invocation.RequestId, ErrorDocument.TypeOf(e), ErrorDocument.From(e), CancellationToken.None);
            continue;
        }

        console.MarkOutputDone(invocation.RequestId);
        bool accepted;
        using (output)
            accepted = await runtime.SendResponseAsync(invocation.RequestId, output, CancellationToken.None);

        // RuntimeSupport throws on a 413 and its process ends; Lambda then starts a fresh instance.
        if (!accepted)
        {
            await Console.Error.FlushAsync();
            return 1;
        }
    }
}
catch (HttpRequestException e)
{
    await Console.Error.WriteLineAsync($"The Runtime API at {runtimeApi} stopped answering ({e.Message}); the runtime ends.");
    return 1;
}
