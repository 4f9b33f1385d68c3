using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Photos;
using PhotoGallery.Core.Ports;
using PhotoGallery.Functions;

namespace PhotoGallery.Tests.Functions;

/// <summary>
/// The declarations, and the build files that must agree with them: the catalog lists every function
/// folder, and the solution, the Lambda publish filter and the catalog's project references name exactly
/// the declared projects.
/// </summary>
public sealed partial class FunctionCatalogTests
{
    private static readonly string Repository = RepositoryRoot();

    private static IEnumerable<FunctionDeclaration> Declarations() => FunctionCatalog.All;

    [Test]
    public void All_NamesAndProjects_Unique()
    {
        Assert.That(FunctionCatalog.All.Select(f => f.Name), Is.Unique);
        Assert.That(FunctionCatalog.All.Select(f => f.Project), Is.Unique);
        Assert.That(FunctionCatalog.All.Select(f => f.Name), Has.All.Matches(LowerCaseName()), "Lambda names in the lab are lower case words");
    }

    [Test]
    public void All_EveryFunctionFolder_IsDeclared()
    {
        var folders = Directory.GetDirectories(Path.Combine(Repository, "functions"))
            .Where(d => File.Exists(Path.Combine(d, "Function.cs")))
            .Select(Path.GetFileName);

        Assert.That(folders, Is.EquivalentTo(FunctionCatalog.All.Select(f => f.Project)));
    }

    [TestCaseSource(nameof(Declarations))]
    public void Declaration_BesideItsFunction_InItsOwnProject(FunctionDeclaration function)
    {
        var folder = Path.Combine(Repository, "functions", function.Project);
        Assert.That(Path.Combine(folder, "Declaration.cs"), Does.Exist);
        Assert.That(Path.Combine(folder, $"{function.Project}.csproj"), Does.Exist);
        Assert.That(function.Create.Method.DeclaringType?.Assembly.GetName().Name, Is.EqualTo(function.Project),
            "the factory is the function's own");
    }

    [Test]
    public void LambdasFilter_PublishesExactlyTheDeclaredFunctions()
    {
        var filter = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository, "functions", "Lambdas.slnf")))!;
        var projects = filter["solution"]!["projects"]!.AsArray().Select(p => p!.GetValue<string>());

        Assert.That(projects, Is.EquivalentTo(FunctionCatalog.All.Select(f => $"functions/{f.Project}/{f.Project}.csproj")));
    }

    [Test]
    public void Solution_HoldsEveryDeclaredFunction()
    {
        var solution = File.ReadAllText(Path.Combine(Repository, "PhotoGallery.sln"));

        foreach (var function in FunctionCatalog.All)
            Assert.That(solution, Does.Contain($"\"functions\\{function.Project}\\{function.Project}.csproj\""), function.Project);
    }

    [Test]
    public void CatalogProject_ReferencesExactlyTheDeclaredFunctions()
    {
        var project = File.ReadAllText(Path.Combine(Repository, "functions", "PhotoGallery.Functions", "PhotoGallery.Functions.csproj"));
        var references = ProjectReference().Matches(project).Select(m => m.Groups["project"].Value).Where(p => !p.StartsWith("PhotoGallery.", StringComparison.Ordinal));

        Assert.That(references, Is.EquivalentTo(FunctionCatalog.All.Select(f => f.Project)));
    }

    [TestCaseSource(nameof(Declarations))]
    public void Errors_Declared_DistinctAndNeverTheCatchAll(FunctionDeclaration function)
    {
        Assert.That(function.Errors, Is.Unique);
        Assert.That(function.Errors, Does.Not.Contain(ErrorCode.InternalError), "every function may answer InternalError: it is not declared");
    }

    /// <summary>
    /// A function is built from the ports its access declares and no other: the user pool's functions
    /// never ask for the bucket or the table, the photo functions never ask for the user pool.
    /// </summary>
    [TestCaseSource(nameof(Declarations))]
    public void Create_FromPorts_AsksOnlyForThePortsItsAccessDeclares(FunctionDeclaration function)
    {
        var asked = new List<string>();
        T Refuse<T>(string port, bool allowed) where T : class
        {
            asked.Add(port);
            if (!allowed) Assert.Fail($"{function.Name} asked for the {port}, which its access does not declare.");
            return null!;
        }
        var photos = function.Access.UsesPhotos;
        var ports = new FunctionPorts(
            () => Refuse<IUserPool>("user pool", function.Access.UsesUserPool),
            () => Refuse<IPhotoStore>("photo store", photos),
            () => Refuse<IPhotoIndex>("photo index", photos),
            PhotoLimits.Default, TimeProvider.System);

        var handler = function.Create(ports);

        Assert.That(handler, Is.Not.Null);
        Assert.That(asked, Is.Not.Empty, $"{function.Name} uses no port at all");
    }

    [TestCaseSource(nameof(Declarations))]
    public void Access_EachFunction_UsesTheUserPoolOrThePhotos(FunctionDeclaration function) =>
        Assert.That(function.Access.UsesUserPool ^ function.Access.UsesPhotos, Is.True,
            $"{function.Name}: its environment holds the pool's or the photos' settings, one of the two");

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PhotoGallery.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("No PhotoGallery.sln above the test's folder.");
    }

    [GeneratedRegex("^[a-z]+$")]
    private static partial Regex LowerCaseName();

    [GeneratedRegex("""<ProjectReference Include="\.\./(?<project>[^/"]+)/""")]
    private static partial Regex ProjectReference();
}
