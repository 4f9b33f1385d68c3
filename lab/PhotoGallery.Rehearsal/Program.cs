using System.CommandLine;
using PhotoGallery.Rehearsal;

// dotnet run --project lab/PhotoGallery.Rehearsal [-- --assembly cdk.out --serve]
var assembly = new Option<string?>("--assembly")
{
    Description = "Rehearse this cloud assembly (a cdk.out folder from `npx cdk synth`) instead of synthesizing one now.",
};
var stack = new Option<string?>("--stack") { Description = "The stack to rehearse, when the assembly holds several." };
var serve = new Option<bool>("--serve")
{
    Description = "After the walk, keep the rehearsed gallery running (API and web page) until Ctrl+C.",
};
var port = new Option<int>("--port")
{
    Description = "Port for --serve (the photo bucket's CORS rule allows the page from http://localhost:5080).",
    DefaultValueFactory = _ => 5080,
};
var verbose = new Option<bool>("--verbose") { Description = "Also print every request, every function's log (START/END/REPORT) and every AWS call that was denied." };
var keep = new Option<string?>("--keep") { Description = "Keep the zips, task roots and logs in this folder (default: a temporary folder, removed at the end)." };

var command = new RootCommand(
    "Rehearse the deployment: run exactly what `cdk deploy` would create — the packages, each function started as Lambda starts it, " +
    "its IAM policy enforced, the API Gateway the template declares — on AWS emulators, and walk the whole API. No AWS account needed.")
{
    assembly, stack, serve, port, keep, verbose,
};
command.SetAction(async (parse, cancellationToken) =>
{
    try
    {
        var repository = RepositoryRoot();
        var options = new RehearsalOptions
        {
            Repository = repository,
            AssemblyDirectory = parse.GetValue(assembly) is { } given ? Path.GetFullPath(given) : null,
            StackName = parse.GetValue(stack),
            WorkDirectory = parse.GetValue(keep) is { } folder ? Directory.CreateDirectory(Path.GetFullPath(folder)).FullName : null,
            Port = parse.GetValue(serve) ? parse.GetValue(port) : 0,
            FrontendDirectory = parse.GetValue(serve) ? Path.Combine(repository, "frontend") : null,
            Progress = Console.Out,
            Log = parse.GetValue(verbose) || parse.GetValue(serve) ? Console.Out : TextWriter.Null,
        };
        await using var rehearsal = await Rehearsal.StartAsync(options, cancellationToken);
        Console.WriteLine($"Rehearsed API: {rehearsal.ApiUrl}   (walking it now)");
        var report = await rehearsal.WalkAsync(cancellationToken);
        report.Write(Console.Out);
        if (parse.GetValue(serve))
        {
            Console.WriteLine($"\nThe rehearsed gallery: {rehearsal.SiteUrl}   API: {rehearsal.ApiUrl}   (confirmation code: 123456). Ctrl+C stops it.");
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return report.Passed ? 0 : 1;
    }
    catch (RehearsalException e)
    {
        Console.Error.WriteLine($"The rehearsal could not run: {e.Message}");
        return 2;
    }
});
return await command.Parse(args).InvokeAsync();

static string RepositoryRoot()
{
    for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "PhotoGallery.sln"))) return folder.FullName;
    }
    throw new RehearsalException("Run this from inside the PhotoGallery repository (no PhotoGallery.sln above the current folder).");
}
