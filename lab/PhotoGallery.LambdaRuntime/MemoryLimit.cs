using System.Globalization;

namespace PhotoGallery.LambdaRuntime;

/// <summary>
/// RuntimeSupport tells the GC the function's memory size (the .NET runtime does not see Lambda's
/// cgroup limit), so a function that needs more than its MemorySize fails here as it would on Lambda.
/// </summary>
internal static class MemoryLimit
{
    public static void Apply()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK"), "true", StringComparison.OrdinalIgnoreCase))
            return;
        if (!int.TryParse(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes))
            return;

        var bytes = (ulong)megabytes * 1024 * 1024;
        // A lower limit set by the function's own runtimeconfig wins, as in RuntimeSupport.
        if ((ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes < bytes) return;
        AppContext.SetData("GCHeapHardLimit", bytes);
        GC.RefreshMemoryLimit();
    }
}
