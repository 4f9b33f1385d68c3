using PhotoGallery.Core.Functions;

namespace PhotoGallery.Functions;

/// <summary>
/// Every function of the gallery, each by its own declaration (the <c>Declaration.cs</c> beside its
/// <c>Function.cs</c>). Adding a function is one declaration, its Function.cs and one line here; the
/// compiler and the catalog's tests catch the rest.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDeclaration> All { get; } =
    [
        SignUp.Declaration.Value,
        ConfirmEmail.Declaration.Value,
        LogIn.Declaration.Value,
        AddPhoto.Declaration.Value,
        GetPhotos.Declaration.Value,
        GetPhoto.Declaration.Value,
        Search.Declaration.Value,
        ProcessPhoto.Declaration.Value,
    ];

    public static FunctionDeclaration ByName(string name) =>
        All.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException(
            $"No function '{name}' (there are: {string.Join(", ", All.Select(f => f.Name))}).", nameof(name));

    /// <summary>Each function built from <paramref name="ports"/>, by name.</summary>
    public static Dictionary<string, LambdaHandler> Create(FunctionPorts ports) =>
        All.ToDictionary(f => f.Name, f => f.Create(ports), StringComparer.Ordinal);
}
