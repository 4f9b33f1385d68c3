using System.Reflection;

namespace PhotoGallery.LambdaRuntime;

/// <summary>
/// The handler string <c>ASSEMBLY::TYPE::METHOD</c>, split as Amazon.Lambda.RuntimeSupport splits it
/// (its messages too, so a student sees here what CloudWatch would show).
/// </summary>
internal sealed record HandlerInfo(AssemblyName AssemblyName, string TypeName, string MethodName)
{
    private const string Separator = "::";

    public static HandlerInfo Parse(string? handler)
    {
        if (string.IsNullOrEmpty(handler))
            throw new LambdaValidationException(
                $"Empty lambda function handler. The valid format is 'ASSEMBLY{Separator}TYPE{Separator}METHOD'.");

        var parts = handler.Split(Separator, 3);
        if (parts.Length != 3)
            throw Invalid(handler, "");

        var assemblyName = parts[0].Trim();
        if (assemblyName.Length == 0) throw Invalid(handler, ", the assembly is missing");
        var typeName = parts[1].Trim();
        if (typeName.Length == 0) throw Invalid(handler, ", the type is missing");
        var methodName = parts[2].Trim();
        if (methodName.Length == 0) throw Invalid(handler, ", the method is missing");

        return new HandlerInfo(new AssemblyName(assemblyName), typeName, methodName);
    }

    private static LambdaValidationException Invalid(string handler, string what) => new(
        $"Invalid lambda function handler: '{handler}'{what}. The valid format is 'ASSEMBLY{Separator}TYPE{Separator}METHOD'.");
}
