using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace PhotoGallery.LambdaRuntime;

/// <summary>
/// The function's handler, loaded as Amazon.Lambda.RuntimeSupport's UserCodeLoader loads it: the assembly
/// by name from the default load context (so the function's own deps.json decides what resolves), the
/// type, exactly one method of that name, then an instance from the parameterless constructor.
/// Only stream handlers are supported (Stream in; Stream, Task&lt;Stream&gt;, Task or void out): the
/// gallery's functions are all <c>Task&lt;Stream&gt; HandleAsync(Stream)</c>, and other shapes need
/// Amazon.Lambda.Core's serializers, which this client does not carry.
/// </summary>
internal sealed class UserCode
{
    // RuntimeSupport's Constants.DefaultFlags: private and static handlers count, inherited ones are
    // looked up on the base types one level at a time.
    private const BindingFlags HandlerFlags =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private readonly object? _target;
    private readonly MethodInfo _method;
    private readonly bool _takesStream;

    private UserCode(object? target, MethodInfo method, bool takesStream)
    {
        _target = target;
        _method = method;
        _takesStream = takesStream;
    }

    public static UserCode Load(string? handlerString)
    {
        var handler = HandlerInfo.Parse(handlerString);
        var assembly = LoadAssembly(handler.AssemblyName);
        var type = assembly.GetType(handler.TypeName)
            ?? throw new LambdaValidationException(
                $"Unable to load type '{handler.TypeName}' from assembly '{handler.AssemblyName.Name}'.");

        var method = FindMethod(type, handler.MethodName)
            ?? throw new LambdaValidationException(
                $"Unable to find method '{handler.MethodName}' in type '{handler.TypeName}' from assembly " +
                $"'{handler.AssemblyName.Name}': Found no methods matching method name '{handler.MethodName}'.");
        ValidateMethod(method);
        ValidateType(type, method);

        // The constructor runs here, during init: its exception is an init error, as on Lambda
        // (Activator wraps it in a TargetInvocationException, which is what RuntimeSupport reports).
        object? target = null;
        if (method.IsStatic)
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        else
            target = Activator.CreateInstance(type);

        // RuntimeSupport checks the input and output types after construction, when it builds the delegate.
        ValidateStreamShape(method);
        return new UserCode(target, method, TakesStream(method));
    }

    public async Task<Stream?> InvokeAsync(byte[] payload)
    {
        object?[] arguments = _takesStream ? [new MemoryStream(payload, writable: false)] : [];
        // DoNotWrapExceptions: the handler's own exception is the function error, as with RuntimeSupport's
        // compiled delegates, not a TargetInvocationException around it.
        var result = _method.Invoke(_target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        switch (result)
        {
            case Stream stream:
                return stream;
            case Task task:
                await task;
                return IsTaskOfStream(_method.ReturnType)
                    ? (Stream?)_method.ReturnType.GetProperty(nameof(Task<Stream>.Result))!.GetValue(task)
                    : null;
            default:
                return null;
        }
    }

    private static Assembly LoadAssembly(AssemblyName name)
    {
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyName(name);
        }
        catch (FileNotFoundException e)
        {
            throw new LambdaValidationException(
                $"Could not find the specified handler assembly with the file name '{e.FileName}'. " +
                "The assembly should be located in the root of your uploaded .zip file.");
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            throw new LambdaValidationException($"Unable to load assembly '{name.Name}'.");
        }
    }

    private static MethodInfo? FindMethod(Type type, string methodName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var byName = current.GetMethods(HandlerFlags).Where(m => m.Name == methodName).ToList();
            if (byName.Count > 1) throw Overloads(current, methodName);
            if (byName.Count == 1) return byName[0];
        }

        // RuntimeSupport also accepts a full signature, e.g. "System.IO.Stream Handle(System.IO.Stream)".
        for (var current = type; current is not null; current = current.BaseType)
        {
            var bySignature = current.GetMethods(HandlerFlags).Where(m => m.ToString() == methodName).ToList();
            if (bySignature.Count == 1) return bySignature[0];
        }

        return null;
    }

    private static LambdaValidationException Overloads(Type type, string methodName)
    {
        var candidates = type.GetMethods(HandlerFlags).Where(m => m.Name == methodName).Select(m => m.ToString());
        return new LambdaValidationException(
            $"The method '{methodName}' in type '{type.FullName}' appears to have a number of overloads. To call this " +
            $"method please specify a complete method signature. Possible candidates are:\n{string.Join("\n", candidates)}.");
    }

    private static void ValidateMethod(MethodInfo method)
    {
        if (method.IsAbstract)
            throw new LambdaValidationException(
                $"The method '{method}' cannot be used as a Lambda Handler because it is an abstract method. Handler methods cannot be abstract. Please specify a non-abstract handler method.");
        if (method.IsGenericMethod)
            throw new LambdaValidationException(
                $"The method '{method}' cannot be used as a Lambda Handler because it is a generic method. Handler methods cannot be generic. Please specify a non-generic handler method.");
        if (method.ReturnType == typeof(void) && method.GetCustomAttribute<AsyncStateMachineAttribute>() is not null)
            throw new LambdaValidationException(
                $"The method '{method}' cannot be used as a Lambda Handler because it is an 'async void' method. Handler methods cannot be 'async void'. Please specify a method that is not 'async void'.");

        var parameters = method.GetParameters();
        if (parameters.Length > 0 && parameters[^1].GetCustomAttribute<ParamArrayAttribute>() is not null)
            throw new LambdaValidationException(
                $"The method '{method}' cannot be used as a Lambda Handler because it is a 'params' method. Please specify a method that does not use 'params'.");
    }

    private static void ValidateStreamShape(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var streamIn = parameters.Length == 0 || (parameters.Length == 1 && parameters[0].ParameterType == typeof(Stream));
        var streamOut = method.ReturnType == typeof(void) || method.ReturnType == typeof(Task)
            || typeof(Stream).IsAssignableFrom(method.ReturnType) || IsTaskOfStream(method.ReturnType);
        if (!streamIn || !streamOut)
            throw new LambdaValidationException(
                $"The method '{method}' is not a stream handler. The rehearsal's runtime client runs stream handlers " +
                "only (a single System.IO.Stream parameter or none; System.IO.Stream, Task<System.IO.Stream>, Task or void returned), " +
                "like the gallery's 'Task<Stream> HandleAsync(Stream)'.");
    }

    private static void ValidateType(Type type, MethodInfo method)
    {
        if (type.IsGenericType)
            throw new LambdaValidationException(
                $"The type '{type.FullName}' cannot be used as a Lambda Handler type because it is generic. Handler methods cannot be located in generic types. Please specify a handler method in a non-generic type.");
        if (!method.IsStatic && type.IsAbstract)
            throw new LambdaValidationException(
                $"The instance method '{method}' cannot be used as a Lambda Handler because its type '{type.FullName}' is abstract. Please either use a static handler or specify a type that is not abstract.");
        var isStruct = type.IsValueType && !type.IsPrimitive && !type.IsEnum;
        if (!type.IsClass && !isStruct)
            throw new LambdaValidationException(
                $"The type '{type.FullName}' cannot be used as a handler type since it is not a class or a struct. Please specify a handler method on a class or struct.");
    }

    private static bool TakesStream(MethodInfo method) => method.GetParameters().Length == 1;

    private static bool IsTaskOfStream(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>)
        && typeof(Stream).IsAssignableFrom(type.GetGenericArguments()[0]);
}
