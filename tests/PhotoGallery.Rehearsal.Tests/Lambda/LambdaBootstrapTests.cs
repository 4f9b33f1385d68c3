using NUnit.Framework;
using PhotoGallery.Rehearsal.Lambda;

namespace PhotoGallery.Rehearsal.Tests.Lambda;

/// <summary>
/// The bootstrap's decisions, case by case against bootstrap.sh (aws/aws-lambda-dotnet,
/// Libraries/src/Amazon.Lambda.RuntimeSupport/bootstrap.sh): the task root is /var/task, entries ending
/// in "/" are folders, and a decision reads "exit CODE: MESSAGE" or the command it execs.
/// </summary>
public sealed class LambdaBootstrapTests
{
    private const string Handler = "GetPhoto::PhotoGallery.Functions.GetPhoto.Function::HandleAsync";
    private const string Client = "/var/runtime/PhotoGallery.LambdaRuntime.dll";
    private const string NotInstalled =
        "Error: .NET binaries for Lambda function are not correctly installed in the /var/task directory of the image when the image was built.";

    [TestCase("GetPhoto.deps.json GetPhoto.runtimeconfig.json GetPhoto.dll",
        "dotnet exec --depsfile /var/task/GetPhoto.deps.json --runtimeconfig /var/task/GetPhoto.runtimeconfig.json " + Client + " " + Handler,
        TestName = "Decide_PackageWithBothFiles_ExecsTheRuntimeClient")]
    [TestCase("GetPhoto.deps.json GetPhoto.dll",
        "exit 106: " + NotInstalled + " The /var/task directory is missing the required .runtimeconfig.json file.",
        TestName = "Decide_NoRuntimeConfig_Exits106")]
    [TestCase("GetPhoto.deps.json GetPhoto.dll Other.runtimeconfig.json",
        "dotnet exec --depsfile /var/task/GetPhoto.deps.json --runtimeconfig /var/task/Other.runtimeconfig.json " + Client + " " + Handler,
        TestName = "Decide_OneOtherRuntimeConfig_TakesIt")]
    [TestCase("GetPhoto.deps.json GetPhoto.dll A.runtimeconfig.json B.runtimeconfig.json",
        "exit 106: " + NotInstalled + " The /var/task directory is missing the required .runtimeconfig.json file.",
        TestName = "Decide_TwoOtherRuntimeConfigs_Exits106")]
    [TestCase("GetPhoto.dll GetPhoto.runtimeconfig.json",
        "exit 105: " + NotInstalled + " The /var/task directory is missing the required .deps.json file.",
        TestName = "Decide_NoDepsFile_Exits105")]
    [TestCase("GetPhoto.dll GetPhoto.runtimeconfig.json Shared.deps.json",
        "dotnet exec --depsfile /var/task/Shared.deps.json --runtimeconfig /var/task/GetPhoto.runtimeconfig.json " + Client + " " + Handler,
        TestName = "Decide_OneOtherDepsFile_TakesIt")]
    [TestCase("GetPhoto.dll GetPhoto.runtimeconfig.json A.deps.json B.deps.json",
        "exit 105: " + NotInstalled + " The /var/task directory is missing the required .deps.json file.",
        TestName = "Decide_TwoOtherDepsFiles_Exits105")]
    [TestCase("GetPhoto.dll GetPhoto.runtimeconfig.json .hidden.deps.json",
        "exit 105: " + NotInstalled + " The /var/task directory is missing the required .deps.json file.",
        TestName = "Decide_OnlyADotFileDepsFile_Exits105BecauseGlobsSkipDotFiles")]
    [TestCase("GetPhoto.deps.json/ GetPhoto.runtimeconfig.json A.deps.json",
        "exit 105: " + NotInstalled + " The /var/task directory is missing the required .deps.json file.",
        TestName = "Decide_DepsNameIsAFolderBesideAnotherDepsFile_Exits105")]
    [TestCase("",
        "exit 102: " + NotInstalled + " The /var/task directory is missing.",
        TestName = "Decide_EmptyTaskRoot_Exits102")]
    [TestCase(null,
        "exit 102: " + NotInstalled + " The /var/task directory is missing.",
        TestName = "Decide_MissingTaskRoot_Exits102")]
    public void Decide_ClassLibraryHandler(string? entries, string expected)
    {
        var decision = LambdaBootstrap.Decide(Input(entries, ("_HANDLER", Handler)));

        Assert.That(Render(decision), Is.EqualTo(expected));
    }

    [TestCase("Api.dll Api.deps.json", "Api", "dotnet exec /var/task/Api.dll", TestName = "Decide_ExecutableAssemblyHandler_ExecsIt")]
    [TestCase("Api.dll Api.deps.json", "Api.dll", "dotnet exec /var/task/Api.dll", TestName = "Decide_ExecutableHandlerWithDll_ExecsIt")]
    [TestCase("bootstrap", "bootstrap", "/var/task/bootstrap", TestName = "Decide_NativeBinaryHandler_ExecsTheBinary")]
    [TestCase("Other.dll", "Api",
        "exit 104: Error: executable assembly /var/task/Api.dll or binary /var/task/Api not found.",
        TestName = "Decide_MissingExecutable_Exits104")]
    public void Decide_ExecutableHandler(string entries, string handler, string expected)
    {
        var decision = LambdaBootstrap.Decide(Input(entries, ("_HANDLER", handler)));

        Assert.That(Render(decision), Is.EqualTo(expected));
    }

    [Test]
    public void Decide_NoTaskRootVariable_Exits101()
    {
        var decision = LambdaBootstrap.Decide(Input("GetPhoto.dll", ("_HANDLER", Handler), ("LAMBDA_TASK_ROOT", "")));

        Assert.That(Render(decision), Is.EqualTo(
            "exit 101: Error: Environment variable LAMBDA_TASK_ROOT needs to be defined in order for the Lambda Runtime to load the function handler to be executed."));
    }

    [Test]
    public void Decide_NoHandler_Exits103()
    {
        var decision = LambdaBootstrap.Decide(Input("GetPhoto.dll"));

        Assert.That(Render(decision), Is.EqualTo("exit 103: Error: No Lambda Handler function was specified."));
    }

    [Test]
    public void Decide_HandlerArgument_WinsOverTheVariable()
    {
        var decision = LambdaBootstrap.Decide(
            Input("A.deps.json A.runtimeconfig.json B.deps.json B.runtimeconfig.json", ("_HANDLER", "B::T::M")) with { HandlerArgument = "A::T::M" });

        Assert.That(Render(decision), Is.EqualTo(
            $"dotnet exec --depsfile /var/task/A.deps.json --runtimeconfig /var/task/A.runtimeconfig.json {Client} A::T::M"));
    }

    [TestCase("Main.dll")]
    [TestCase("Main")]
    public void Decide_MainAssemblyVariable_NamesTheFiles(string mainAssembly)
    {
        var decision = LambdaBootstrap.Decide(Input(
            "Main.deps.json Main.runtimeconfig.json Other.deps.json Other.runtimeconfig.json",
            ("_HANDLER", "Other::T::M"), ("LAMBDA_DOTNET_MAIN_ASSEMBLY", mainAssembly)));

        Assert.That(Render(decision), Is.EqualTo(
            $"dotnet exec --depsfile /var/task/Main.deps.json --runtimeconfig /var/task/Main.runtimeconfig.json {Client} Other::T::M"));
    }

    private static BootstrapInput Input(string? entries, params (string Key, string Value)[] variables)
    {
        var environment = new Dictionary<string, string> { ["LAMBDA_TASK_ROOT"] = "/var/task" };
        foreach (var (key, value) in variables) environment[key] = value;
        IReadOnlyList<TaskRootEntry>? listing = entries?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => name.EndsWith('/') ? new TaskRootEntry(name.TrimEnd('/'), IsFile: false) : new TaskRootEntry(name, IsFile: true))
            .ToList();
        return new BootstrapInput(environment, HandlerArgument: null, listing, Client, "dotnet");
    }

    private static string Render(BootstrapDecision decision) => decision switch
    {
        BootstrapExec exec => string.Join(' ', [exec.FileName, .. exec.Arguments]),
        BootstrapExit exit => $"exit {exit.ExitCode}: {exit.Message}",
        _ => throw new AssertionException($"Unexpected decision {decision}"),
    };
}
