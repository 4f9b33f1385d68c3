using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using PhotoGallery.Emulators;

namespace PhotoGallery.Rehearsal.Aws;

/// <summary>
/// AWS's network as the functions see it: one endpoint on 127.0.0.1 (their <c>AWS_ENDPOINT_URL</c>) that
/// attributes every call to a function by its access key, judges it against that function's role with IAM's
/// evaluation, answers a denied call as AWS does, and forwards an allowed one, unchanged, to the emulator
/// of its service. Every call is recorded in <see cref="Calls"/>; every denial is logged in one line.
/// </summary>
public sealed partial class AwsStandIn : IAsyncDisposable
{
    // Headers that belong to one hop; never forwarded either way. Host is the emulator's; Expect was already met.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer", "Host", "Expect",
    };

    private readonly WebApplication _app;
    private readonly PolicyEvaluator _evaluator;
    private readonly HttpClient _forward;
    private readonly StandInSettings _settings;
    private readonly List<AwsCall> _calls = [];

    private AwsStandIn(WebApplication app, PolicyEvaluator evaluator, HttpClient forward, StandInSettings settings)
    {
        _app = app;
        _evaluator = evaluator;
        _forward = forward;
        _settings = settings;
        _stoppingToken = _stopping.Token;
    }

    /// <summary>The URL to give every function as <c>AWS_ENDPOINT_URL</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every call so far, in the order they were answered (a snapshot).</summary>
    public IReadOnlyList<AwsCall> Calls
    {
        get
        {
            lock (_calls) return [.. _calls];
        }
    }

    public static async Task<AwsStandIn> StartAsync(
        EmulatorSet emulators, IReadOnlyList<AwsPrincipal> principals, string region, string accountId, TextWriter log,
        CancellationToken cancellationToken)
    {
        if (principals.FirstOrDefault(p => p.AccessKeyId.Length == 0 || !p.RoleArn.Contains(":role/", StringComparison.Ordinal)) is { } bad)
            throw new ArgumentException($"The identity of {bad.FunctionName} needs an access key id and a role ARN (arn:aws:iam::<account>:role/<name>); got '{bad.AccessKeyId}' and '{bad.RoleArn}'.", nameof(principals));
        var duplicate = principals.GroupBy(p => p.AccessKeyId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Two functions share the access key {duplicate.Key}: {string.Join(", ", duplicate.Select(p => p.FunctionName))}.", nameof(principals));
        var settings = new StandInSettings(emulators, principals.ToDictionary(p => p.AccessKeyId, StringComparer.Ordinal), region, accountId, log);
        var evaluator = await PolicyEvaluator.StartAsync(line => settings.Log(line), cancellationToken);
        var forward = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false, AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = Timeout.InfiniteTimeSpan };

        // An empty builder: no appsettings.json or ASPNETCORE_* variables of wherever this runs can move the endpoint.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // S3 takes objects far larger than Kestrel's 30 MB default.
        });
        var app = builder.Build();
        var standIn = new AwsStandIn(app, evaluator, forward, settings);
        app.Run(standIn.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            standIn.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
            settings.Log($"[aws] stand-in for S3, DynamoDB and Cognito on {standIn.Endpoint} ({principals.Count} function identities)");
            return standIn;
        }
        catch
        {
            await standIn.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopEmittingAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _evaluator.DisposeAsync();
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var (path, query) = question < 0 ? (rawTarget, "") : (rawTarget[..question], rawTarget[(question + 1)..]);
        if (S3RequestMapper.FormUploadBucket(context.Request.Method, path, query, context.Request.ContentType) is { } formBucket)
        {
            try
            {
                await HandleFormUploadAsync(context, formBucket, rawTarget);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The uploader went away mid-file: nothing was stored, nobody to answer.
            }
            catch (Exception e)
            {
                _settings.Log($"[aws] the stand-in failed on a form upload to {formBucket} ({rawTarget}): {e}");
                throw;
            }
            return;
        }
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var body = NeedsBody(context.Request.Method, headers, query) ? await ReadBodyAsync(context) : null;
        var request = new AwsHttpRequest(context.Request.Method, path, query, headers, body ?? ReadOnlyMemory<byte>.Empty);
        var call = AwsRequestMapper.Map(request, _settings.Region, _settings.AccountId);
        var exchange = new Exchange(context, call, rawTarget, body, RequestId());
        try
        {
            await JudgeAndAnswerAsync(exchange);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The function went away (its instance was stopped mid-call): nobody to answer.
        }
        catch (Exception e)
        {
            // A bug of the stand-in: say so where the student looks, then let Kestrel answer 500.
            _settings.Log($"[aws] the stand-in failed on {call.Service} {call.Operation} ({context.Request.Method} {rawTarget}): {e}");
            throw;
        }
    }

    private async Task JudgeAndAnswerAsync(Exchange exchange)
    {
        var call = exchange.Call;
        AwsPrincipal? principal = null;
        if (call.AccessKeyId is { } key && !_settings.Principals.TryGetValue(key, out principal))
        {
            Refuse(exchange, null, call.Label, FirstResource(call), $"the access key {key} belongs to no function of the stack");
            await WriteErrorAsync(exchange, AwsErrors.InvalidAccessKey(call.Service, key, exchange.RequestId));
            return;
        }
        if (call.Unknown is { } unknown)
        {
            Refuse(exchange, principal, call.Label, "", $"the rehearsal does not know this AWS call: {unknown}");
            await WriteErrorAsync(exchange, AwsErrors.AccessDenied(call.Service,
                $"The rehearsal does not know this AWS call ({call.Service} {call.Operation}): {unknown}. It was refused, not forwarded.", exchange.RequestId));
            return;
        }
        if (!call.IamApplies)
        {
            await ForwardAsync(exchange, null, (status, _) => Record(exchange, principal, call.Label, "", "Unsigned", status));
            return;
        }
        if (principal is null)
        {
            await AnswerUnsignedAsync(exchange);
            return;
        }
        var decisions = await Task.WhenAll(call.Authorizations.Select(a => EvaluateAsync(principal, a, exchange.Context.RequestAborted)));
        var denied = decisions.FirstOrDefault(d => !d.Decision.IsAllowed);
        if (denied is not null)
        {
            await DenyAsync(exchange, principal, denied, decisions);
            return;
        }
        var answered = 0;
        await ForwardAsync(exchange, Missing404RuleAsync(exchange, principal), (status, listBucket) =>
        {
            answered = status;
            foreach (var judged in decisions) RecordDecision(exchange, principal, judged, status, null);
            if (listBucket is not null)
                RecordDecision(exchange, principal, listBucket, status, "S3 answers 403, not 404, for a missing key when s3:ListBucket on the bucket is not allowed");
        });
        AfterS3Write(call, principal, answered);
    }

    // S3 tells a caller that an object is missing (404) only if it may list the bucket; otherwise 403.
    private Func<HttpResponseMessage, Task<Judged?>>? Missing404RuleAsync(Exchange exchange, AwsPrincipal principal) =>
        exchange.Call is { Service: AwsRequestMapper.S3, Operation: "GetObject" or "HeadObject", Bucket: { } bucket }
            ? async response => response.StatusCode == HttpStatusCode.NotFound
                ? await EvaluateAsync(principal, new IamAuthorization("s3:ListBucket", S3RequestMapper.BucketArn(bucket)), exchange.Context.RequestAborted)
                : null
            : null;

    private async Task<Judged> EvaluateAsync(AwsPrincipal principal, IamAuthorization authorization, CancellationToken cancellationToken)
    {
        try
        {
            var decision = await _evaluator.EvaluateAsync(principal.Policies, PrincipalArn(principal), authorization.Action,
                authorization.Resource, _settings.AccountId, authorization.Context, cancellationToken);
            return new Judged(authorization, decision);
        }
        catch (InvalidOperationException e)
        {
            // The evaluator process is gone: nothing can be allowed any more (fail closed), and the log says why.
            return new Judged(authorization, new PolicyDecision(PolicyResult.Error, e.Message));
        }
    }

    private async Task DenyAsync(Exchange exchange, AwsPrincipal principal, Judged denied, Judged[] decisions)
    {
        var error = AwsErrors.AccessDenied(exchange.Call.Service, DenialMessage(exchange, denied), exchange.RequestId);
        foreach (var judged in decisions) RecordDecision(exchange, principal, judged, error.Status, null);
        await WriteErrorAsync(exchange, error);
    }

    // IAM's wording for the caller; for a request the evaluation could not judge, the evaluation's reason.
    private string DenialMessage(Exchange exchange, Judged denied)
    {
        var principalArn = PrincipalArn(_settings.Principals[exchange.Call.AccessKeyId!]);
        var (action, resource) = (denied.Authorization.Action, denied.Authorization.Resource);
        return denied.Decision.Result == PolicyResult.Error
            ? $"The rehearsal could not evaluate {action} on {resource} for {principalArn}: {denied.Decision.Error}"
            : AwsErrors.NotAuthorizedMessage(exchange.Call.Service, principalArn, action, resource, denied.Decision.Result);
    }

    private async Task AnswerUnsignedAsync(Exchange exchange)
    {
        var call = exchange.Call;
        var error = AwsErrors.MissingAuthentication(call.Service, exchange.RequestId);
        // An anonymous S3 request is judged by IAM too (the bucket's policy), and no bucket of the stack is public.
        var decision = call.Service == AwsRequestMapper.S3 ? "ImplicitlyDenied" : "Refused";
        foreach (var authorization in call.Authorizations.DefaultIfEmpty(new IamAuthorization(call.Label, "")))
            Record(exchange, null, authorization.Action, authorization.Resource, decision, error.Status);
        _settings.Log($"[aws] DENIED (unsigned) {call.Label} on {FirstResource(call)}: the request carries no AWS signature");
        await WriteErrorAsync(exchange, error);
    }

    private void Refuse(Exchange exchange, AwsPrincipal? principal, string action, string resource, string reason)
    {
        Record(exchange, principal, action, resource, "Refused", exchange.Call.Service == AwsRequestMapper.S3 ? 403 : 400);
        var caller = principal?.FunctionName ?? (exchange.Call.AccessKeyId is { } key ? $"(access key {key})" : "(unsigned)");
        _settings.Log($"[aws] REFUSED {caller} {action}{(resource.Length > 0 ? " on " + resource : "")}: {reason}");
    }

    // Records one judged authorization, and logs it when it was denied (why: the cause, if not just the role).
    private void RecordDecision(Exchange exchange, AwsPrincipal principal, Judged judged, int status, string? why)
    {
        var decision = judged.Decision.Result == PolicyResult.Error ? "Refused" : judged.Decision.Result.ToString();
        Record(exchange, principal, judged.Authorization.Action, judged.Authorization.Resource, decision, status);
        if (judged.Decision.IsAllowed) return;
        var cause = judged.Decision.Result == PolicyResult.Error ? $"IAM evaluation failed: {judged.Decision.Error}" : why ?? "its role does not allow it";
        _settings.Log($"[aws] DENIED {principal.FunctionName} {judged.Authorization.Action} on {judged.Authorization.Resource} ({decision}{(exchange.Call.Presigned ? ", presigned URL" : "")}): {cause}");
    }

    private void Record(Exchange exchange, AwsPrincipal? principal, string action, string resource, string decision, int status)
    {
        var call = new AwsCall(DateTimeOffset.UtcNow, principal?.FunctionName, exchange.Call.Service, action, resource, decision, status, exchange.Call.Presigned);
        lock (_calls) _calls.Add(call);
    }

    private static string FirstResource(MappedAwsCall call) => call.Authorizations.Count > 0 ? call.Authorizations[0].Resource : "";

    private string PrincipalArn(AwsPrincipal principal) =>
        $"arn:aws:sts::{_settings.AccountId}:assumed-role/{principal.RoleArn[(principal.RoleArn.LastIndexOf('/') + 1)..]}/{principal.FunctionName}";

    private static bool NeedsBody(string method, IReadOnlyDictionary<string, string> headers, string query) =>
        headers.ContainsKey("X-Amz-Target") || (method == "POST" && QueryString.Parse(query).Has("delete"));

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static string RequestId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    private sealed record Exchange(HttpContext Context, MappedAwsCall Call, string RawTarget, byte[]? Body, string RequestId);

    private sealed record Judged(IamAuthorization Authorization, PolicyDecision Decision);

    private sealed record StandInSettings(
        EmulatorSet Emulators, IReadOnlyDictionary<string, AwsPrincipal> Principals, string Region, string AccountId, TextWriter Writer)
    {
        public void Log(string line)
        {
            lock (Writer) Writer.WriteLine(line);
        }
    }
}
