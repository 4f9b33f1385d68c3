using PhotoGallery.Rehearsal.Assembly;
using PhotoGallery.Rehearsal.Aws;
using PhotoGallery.Rehearsal.Lambda;
using PhotoGallery.Rehearsal.Stack;
using PhotoGallery.Rehearsal.Walk;

namespace PhotoGallery.Rehearsal;

/// <summary>
/// What the rehearsal saw: the walk's steps, and per function its package, its starts and invocations,
/// and its AWS calls. It fails when anything a student's deployment would hit failed.
/// </summary>
public sealed record RehearsalReport(
    StackModel Stack,
    IReadOnlyList<LambdaPackage> Packages,
    IReadOnlyList<FunctionActivity> Activity,
    IReadOnlyList<AwsCall> Calls,
    IReadOnlyList<WalkStep> Steps)
{
    /// <summary>The events S3 sent (or could not send) to the functions its notifications name.</summary>
    public IReadOnlyList<S3Delivery> Deliveries { get; init; } = [];

    public bool Passed => Failures().Count == 0;

    /// <summary>Each thing that would go wrong on AWS, in one line that names its cause.</summary>
    public IReadOnlyList<string> Failures()
    {
        var failures = new List<string>();
        failures.AddRange(Packages.SelectMany(p => p.Problems.Select(problem => $"{p.FunctionName}: package: {problem}")));
        failures.AddRange(Activity.SelectMany(a => a.Problems.Select(problem =>
            problem.StartsWith(a.FunctionName, StringComparison.Ordinal) ? problem : $"{a.FunctionName}: {problem}")));
        failures.AddRange(Deliveries.Where(d => d.Problem is not null).Select(d => $"{FunctionNameOf(d.FunctionArn)}: {d.Problem}"));
        failures.AddRange(Calls.Where(c => c.Denied).Select(c =>
            $"{c.Function ?? "an unsigned caller"}: denied {c.Action} on {c.Resource}{(c.Presigned ? " (through a presigned URL it signed)" : "")}: its role's policy does not allow it"));
        failures.AddRange(Steps.Where(s => s.Result == StepResult.Failed).Select(s => $"{s.Name}: {s.Detail}"));
        return failures;
    }

    public void Write(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("The walk through the API:");
        foreach (var step in Steps)
        {
            var mark = step.Result switch { StepResult.Passed => "ok  ", StepResult.Failed => "FAIL", _ => "--  " };
            output.WriteLine($"  {mark} {step.Name}{(step.Passed ? "" : ": " + step.Detail)}");
        }
        output.WriteLine();
        output.WriteLine("Per function:");
        foreach (var function in Stack.Functions) WriteFunction(output, function);
        var unsigned = Calls.Where(c => c.Function is null).GroupBy(c => c.Action).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ×{g.Count()}").ToList();
        if (unsigned.Count > 0) output.WriteLine($"  unsigned calls (public APIs, no IAM): {string.Join(", ", unsigned)}");
        if (Stack.Notes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Not rehearsed (AWS runs these; the emulators do not):");
            foreach (var note in Stack.Notes) output.WriteLine("  - " + note);
        }
        output.WriteLine();
        var failures = Failures();
        if (failures.Count == 0)
        {
            output.WriteLine("REHEARSAL PASSED: what cdk deploy would create starts, answers and stays within its permissions.");
            return;
        }
        output.WriteLine($"REHEARSAL FAILED: {failures.Count} problem(s) a deployment of this stack would hit:");
        foreach (var failure in failures) output.WriteLine("  - " + failure);
    }

    private string FunctionNameOf(string functionArn) =>
        Stack.Functions.FirstOrDefault(f => f.Arn == functionArn)?.FunctionName ?? functionArn;

    private void WriteFunction(TextWriter output, LambdaFunction function)
    {
        var package = Packages.FirstOrDefault(p => p.FunctionName == function.FunctionName);
        var activity = Activity.FirstOrDefault(a => a.FunctionName == function.FunctionName);
        var calls = Calls.Where(c => c.Function == function.FunctionName).ToList();
        output.WriteLine($"  {function.FunctionName} ({function.Handler}, {function.MemorySize} MB, {function.Timeout.TotalSeconds:0} s)");
        if (package is not null)
            output.WriteLine($"    package     {LambdaPackage.Megabytes(package.ZipBytes)} zipped, {LambdaPackage.Megabytes(package.UnzippedBytes)} unzipped, {package.Files} files");
        if (activity is not null)
        {
            var starts = activity.InitDurations.Count == 0 ? "none" : string.Join(", ", activity.InitDurations.Select(d => $"{d.TotalMilliseconds:0} ms"));
            output.WriteLine($"    cold starts {activity.ColdStarts} (init {starts})");
            var outcomes = string.Join(", ", activity.Outcomes.Where(o => o.Value > 0).Select(o => $"{o.Value} {o.Key}"));
            output.WriteLine($"    invocations {activity.Invocations}{(outcomes.Length == 0 ? "" : $" ({outcomes})")}");
        }
        var deliveries = Deliveries.Where(d => d.FunctionArn == function.Arn).ToList();
        if (deliveries.Count > 0 || activity?.Events > 0)
        {
            var byEvent = string.Join(", ", deliveries.GroupBy(d => d.EventName).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}"));
            var lost = deliveries.Count(d => d.Outcome != S3DeliveryOutcome.Queued);
            output.WriteLine($"    S3 events   {deliveries.Count} ({byEvent}), invoked asynchronously" +
                (lost > 0 ? $"; {lost} NOT DELIVERED" : "") +
                (activity?.DroppedEvents > 0 ? $"; {activity.DroppedEvents} DROPPED after every attempt failed" : ""));
        }
        var byAction = calls.GroupBy(c => c.Action).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ×{g.Count()}{(g.Any(c => c.Denied) ? $" ({g.Count(c => c.Denied)} DENIED)" : "")}");
        output.WriteLine($"    AWS calls   {(calls.Count == 0 ? "none" : string.Join(", ", byAction))}");
    }
}
