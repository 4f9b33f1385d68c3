using PhotoGallery.Core.Errors;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;

namespace PhotoGallery.Core.Functions;

/// <summary>A Lambda function as the runtime sees it: a stream in (the event), a stream out (the response).</summary>
public delegate Task<Stream> LambdaHandler(Stream input);

/// <summary>
/// Everything about one function, said once, beside its <c>Function.cs</c>: how it is triggered and
/// authorized, what it reads, what it answers and which errors it may return, what AWS access it needs,
/// its memory and timeout, and how to build it from ports. The local gateway, the AWS composition, the API
/// description, the CDK stack, its IAM policies, the grader and the docs tests all read it
/// (see <c>FunctionCatalog</c>); nothing else names a function by its string.
/// </summary>
public sealed record FunctionDeclaration
{
    /// <summary>The function's name, as the lab calls it (<c>signup</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Its project and assembly under <c>functions/</c> (<c>SignUp</c>).</summary>
    public required string Project { get; init; }

    public required Trigger Trigger { get; init; }

    public required string Summary { get; init; }

    public required string Description { get; init; }

    /// <summary>What it reads from the request: body, query and path fields.</summary>
    public RequestSchema Request { get; init; } = RequestSchema.None;

    /// <summary>Its successful answers.</summary>
    public required IReadOnlyList<Success> Successes { get; init; }

    /// <summary>
    /// Every problem code it may answer with (besides InternalError, which any bug becomes). A test holds
    /// this list to what the function's tests observe, both ways.
    /// </summary>
    public required IReadOnlyList<ErrorCode> Errors { get; init; }

    /// <summary>The AWS resources it touches, and how (its IAM policy and environment derive from it).</summary>
    public required FunctionAccess Access { get; init; }

    public int MemoryMb { get; init; } = 1024;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A request only this function answers this way, to tell which function a method is bound to.</summary>
    public BindingProbe? Probe { get; init; }

    /// <summary>The function, built from ports (the local host; tests).</summary>
    public required Func<FunctionPorts, LambdaHandler> Create { get; init; }

    /// <summary>The .NET Lambda handler string: <c>Assembly::Namespace.Type::Method</c>.</summary>
    public string Handler => $"{Project}::PhotoGallery.Functions.{Project}.Function::HandleAsync";

    /// <summary>Its API Gateway method, for HTTP-triggered functions.</summary>
    public Route? Route => Trigger is HttpTrigger http ? new Route(Name, Project, http.Method, http.Path, http.Auth) : null;
}

/// <summary>What starts a function.</summary>
public abstract record Trigger;

/// <summary>An API Gateway method (Lambda proxy integration), with or without the Cognito authorizer.</summary>
public sealed record HttpTrigger(string Method, string Path, RouteAuth Auth) : Trigger
{
    public static HttpTrigger Get(string path, RouteAuth auth) => new("GET", path, auth);

    public static HttpTrigger Post(string path, RouteAuth auth) => new("POST", path, auth);
}

/// <summary>
/// S3 <c>ObjectCreated</c> events on keys under <paramref name="Prefix"/> ending in one of
/// <paramref name="Suffixes"/> (one S3 notification filter each), delivered asynchronously: Lambda retries
/// a failed event twice.
/// </summary>
public sealed record StorageTrigger(string Prefix, IReadOnlyList<string> Suffixes) : Trigger
{
    /// <summary>Whether an object created under <paramref name="key"/> passes one of the filters, as S3 matches them (case-sensitive).</summary>
    public bool Matches(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) && Suffixes.Any(suffix => key.EndsWith(suffix, StringComparison.Ordinal));
}

/// <summary>A successful answer: its status, the record its body is, and when it happens.</summary>
/// <param name="Alternative">A second body record the same status may carry (e.g. a pending photo).</param>
public sealed record Success(int Status, Type Body, string Description, Type? Alternative = null);

/// <summary>Whether a probe's answer must list photos, and how many.</summary>
public enum ProbePhotos
{
    NotChecked,

    /// <summary>At least one, once the grader has added photos.</summary>
    Some,

    /// <summary>None: the request matches nothing.</summary>
    None,
}

/// <summary>
/// A request, sent with a token, that only this function answers this way. <see cref="PathAndQuery"/> may
/// hold <c>{photoId}</c> (an id nobody has) and <c>{nonsense}</c> (a word no photo contains).
/// </summary>
public sealed record BindingProbe(string PathAndQuery, string? Body, int Status, ProbePhotos Photos, string Expectation);
