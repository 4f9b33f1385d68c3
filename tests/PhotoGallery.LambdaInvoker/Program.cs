using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

// PhotoGallery.LambdaInvoker <package folder> <handler string> <event file>
//
// Does what the .NET Lambda runtime does with a class-library package: load the assembly named by the
// handler string from the package folder (its deps.json resolves the rest), find the type, find exactly
// one method of that name (the runtime rejects overloads, public or not), construct the type with its
// parameterless constructor, and call the method with the event as a Stream. The response goes to
// stdout; "first-event-ms: N" (process start to response) goes to stderr.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PhotoGallery.LambdaInvoker <package folder> <Assembly::Namespace.Type::Method> <event file>");
    return 2;
}
var (folder, handler, eventFile) = (Path.GetFullPath(args[0]), args[1], args[2]);
// As on Lambda, what the function prints is its log (here: stderr); the response travels apart (stdout).
var response = Console.OpenStandardOutput();
Console.SetOut(Console.Error);
var parts = handler.Split("::");
if (parts.Length != 3) return Fail($"The handler '{handler}' is not Assembly::Namespace.Type::Method.");

var main = Path.Combine(folder, parts[0] + ".dll");
if (!File.Exists(main)) return Fail($"Could not find the handler assembly '{parts[0]}' in {folder}.");
var resolver = new AssemblyDependencyResolver(main);
AssemblyLoadContext.Default.Resolving += (context, name) =>
    resolver.ResolveAssemblyToPath(name) is { } path ? context.LoadFromAssemblyPath(path) : null;
var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(main);

var type = assembly.GetType(parts[1]);
if (type is null) return Fail($"Unable to load type '{parts[1]}' from assembly '{parts[0]}'.");
const BindingFlags RuntimeFlags = BindingFlags.DeclaredOnly | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
var methods = type.GetMethods(RuntimeFlags).Where(m => m.Name == parts[2]).ToList();
if (methods.Count != 1) return Fail($"Type '{parts[1]}' has {methods.Count} methods named '{parts[2]}'; the runtime needs exactly one.");
var method = methods[0];
if (method.GetParameters() is not [{ ParameterType: var input }] || input != typeof(Stream) ||
    (method.ReturnType != typeof(Task<Stream>) && method.ReturnType != typeof(Stream)))
    return Fail($"'{method}' is not a stream handler (Stream in, Stream or Task<Stream> out).");

object? instance;
try
{
    instance = method.IsStatic ? null : Activator.CreateInstance(type);
}
catch (TargetInvocationException e)
{
    return Fail($"The constructor of '{parts[1]}' failed: {e.InnerException?.Message}");
}

await using var eventStream = File.OpenRead(eventFile);
var result = method.Invoke(instance, [eventStream]);
await using var output = result is Task<Stream> task ? await task : (Stream)result!;
var elapsed = DateTime.Now - Process.GetCurrentProcess().StartTime;
await output.CopyToAsync(response);
await response.FlushAsync();
Console.Error.WriteLine($"first-event-ms: {elapsed.TotalMilliseconds:0}");
return 0;

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 1;
}
