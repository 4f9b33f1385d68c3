using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using NUnit.Framework;
using PhotoGallery.Emulators;
using PhotoGallery.Rehearsal.Gateway;
using PhotoGallery.Rehearsal.Lambda;
using PhotoGallery.Rehearsal.Stack;
using PhotoGallery.Rehearsal.Tests.Stack;

namespace PhotoGallery.Rehearsal.Tests.Gateway;

/// <summary>
/// The gateway of the fixture stack (and of two broken variants) over HTTP, with user pools and tokens
/// from cognito-local. Lambda is a plain delegate returning canned results: it stands in for the
/// rehearsal's own Lambda service, which has its own tests.
/// </summary>
[TestFixture]
[Category(TestCategories.Rehearsal)]
public sealed class TemplateGatewayTests
{
    private EmulatorSet _emulators = null!;
    private StackModel _stack = null!;
    private StackModel _withoutAuthorizer = null!;
    private StackModel _withoutGatewayResponses = null!;
    private string _token = null!;
    private string _tokenOfAnotherPool = null!;
    private readonly HttpClient _jwks = new();

    [OneTimeSetUp]
    public async Task ProvisionStacks()
    {
        _emulators = await EmulatorSet.StartAsync(TestContext.Progress.WriteLine, CancellationToken.None);
        _stack = await ProvisionAsync(StackTemplates.Fixture(), "PhotoGallery");
        _withoutAuthorizer = await ProvisionAsync(StackTemplates.WithoutAuthorizer("ApiphotosGET84521FEB"), "NoAuthorizer");
        _withoutGatewayResponses = await ProvisionAsync(StackTemplates.WithoutGatewayResponses(), "NoGatewayResponses");
        var cognito = new CognitoCalls(_jwks, _emulators.CognitoUrl);
        _token = await cognito.IdTokenOfNewUserAsync(_stack.UserPools.Single().ClientIds.Single(), "alice", default);
        _tokenOfAnotherPool = await cognito.IdTokenOfNewUserAsync(_withoutAuthorizer.UserPools.Single().ClientIds.Single(), "mallory", default);
    }

    [OneTimeTearDown]
    public async Task StopEmulators()
    {
        await _emulators.DisposeAsync();
        _jwks.Dispose();
    }

    private Task<StackModel> ProvisionAsync(JsonObject template, string name) =>
        StackProvisioner.ProvisionAsync(template, name, _emulators, StackTemplates.Region, StackTemplates.AccountId, TextWriter.Null, default);

    private LambdaFunction Function(string name) => _stack.Functions.Single(f => f.FunctionName == "PhotoGallery-" + name);

    /// <summary>
    /// The pools, with the issuer cognito-local writes into its tokens. The model's issuer is AWS's form
    /// (https://cognito-idp.&lt;region&gt;.amazonaws.com/&lt;pool&gt;); until the emulators issue that form,
    /// cognito-local writes its own address instead. The gateway checks the issuer exactly, so the tests
    /// give it the one the emulator really uses — still one per pool.
    /// </summary>
    private IReadOnlyList<ProvisionedUserPool> PoolsAsIssued(StackModel stack)
    {
        var mainPool = _stack.UserPools.Single().UserPoolId;
        var issuer = new JsonWebToken(_token).Issuer;
        var root = issuer[..^mainPool.Length];
        return [.. stack.UserPools.Select(p => p with { Issuer = root + p.UserPoolId })];
    }

    private sealed class Gateway(TemplateGateway gateway, HttpClient http, StringWriter log, List<(string Arn, JsonNode Event)> calls) : IAsyncDisposable
    {
        private int _answered;

        public HttpClient Http => http;
        public List<(string Arn, JsonNode Event)> Calls => calls;

        /// <summary>
        /// The gateway's log once it has a line for every request answered: the gateway writes a request's line
        /// after its response has gone out, so the client can read the response first.
        /// </summary>
        public string Log
        {
            get
            {
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (Lines() < Volatile.Read(ref _answered) && waited.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(10);
                return log.ToString();
            }
        }

        public void Answered() => Interlocked.Increment(ref _answered);

        private int Lines() => log.ToString().Split('\n').Count(line => line.StartsWith("[gateway] ", StringComparison.Ordinal));

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await gateway.DisposeAsync();
        }
    }

    private async Task<Gateway> StartAsync(StackModel stack, Func<string, byte[], InvocationResult>? function = null, TimeProvider? clock = null,
        Func<string, byte[], CancellationToken, Task<InvocationResult>>? invoke = null)
    {
        var calls = new List<(string, JsonNode)>();
        var log = new StringWriter();
        Task<InvocationResult> Invoke(string arn, byte[] payload, CancellationToken cancellationToken)
        {
            lock (calls) calls.Add((arn, JsonNode.Parse(payload)!));
            return invoke?.Invoke(arn, payload, cancellationToken) ?? Task.FromResult((function ?? ((_, _) => Ok("{}")))(arn, payload));
        }
        var gateway = new TemplateGateway(stack.Api!, PoolsAsIssued(stack), Invoke, clock ?? TimeProvider.System,
            TextWriter.Synchronized(log), _jwks, StackTemplates.Region, StackTemplates.AccountId);
        var address = await gateway.StartAsync(default);
        return new Gateway(gateway, new HttpClient { BaseAddress = address }, log, calls);
    }

    private static InvocationResult Ok(string body, int status = 200) =>
        Success($$"""{"statusCode":{{status}},"headers":{"Content-Type":"application/json"},"body":{{JsonValue.Create(body).ToJsonString()}}}""");

    private static InvocationResult Success(string payload) =>
        new(InvocationOutcome.Success, "lambda-request", Encoding.UTF8.GetBytes(payload), null, null);

    private static async Task<HttpResponseMessage> SendAsync(Gateway gateway, HttpMethod method, string path, string? token = null, HttpContent? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", token);
        var response = await gateway.Http.SendAsync(request);
        gateway.Answered();
        return response;
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

    [TestCase("/photos")]
    [TestCase("/dev/photos")]
    [TestCase("/production/photos")]
    [TestCase("/")]
    public async Task HandleAsync_NotUnderTheStage_403ForbiddenWithoutGatewayResponseHeaders(string path)
    {
        await using var gateway = await StartAsync(_stack);

        using var response = await SendAsync(gateway, HttpMethod.Get, path, _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await MessageAsync(response), Is.EqualTo("Forbidden"));
        Assert.That(Header(response, "x-amzn-ErrorType"), Is.EqualTo("ForbiddenException"));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(gateway.Calls, Is.Empty);
    }

    [TestCase("GET", "/prod/nothing")]
    [TestCase("GET", "/prod/photos/a/b")]
    [TestCase("DELETE", "/prod/photos")]
    [TestCase("GET", "/prod/signup")]
    [TestCase("GET", "/prod")]
    public async Task HandleAsync_NoSuchMethod_403MissingAuthenticationTokenWithCors(string method, string path)
    {
        await using var gateway = await StartAsync(_stack);

        using var response = await SendAsync(gateway, new HttpMethod(method), path, _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await MessageAsync(response), Is.EqualTo("Missing Authentication Token"));
        Assert.That(Header(response, "x-amzn-ErrorType"), Is.EqualTo("MissingAuthenticationTokenException"));
        Assert.That(Header(response, "x-amzn-RequestId"), Does.Match("^[0-9a-f-]{36}$"));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"), "the template's DEFAULT_4XX gateway response");
        Assert.That(gateway.Calls, Is.Empty);
    }

    [TestCase("/prod/photos/01JD3Z")]
    [TestCase("/prod/photos")]
    [TestCase("/prod")]
    public async Task HandleAsync_Options_MockPreflightAnswers(string path)
    {
        await using var gateway = await StartAsync(_stack);

        using var response = await SendAsync(gateway, HttpMethod.Options, path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.EqualTo("GET,POST,OPTIONS"));
        Assert.That(Header(response, "Access-Control-Allow-Headers"), Is.EqualTo("Content-Type,Authorization,X-Amz-Date,X-Api-Key,X-Amz-Security-Token"));
        Assert.That(Header(response, "Access-Control-Max-Age"), Is.EqualTo("600"));
        Assert.That(gateway.Calls, Is.Empty);
    }

    [TestCase("none", "GET", "/prod/photos")]
    [TestCase("garbage", "POST", "/prod/photos")]
    [TestCase("another pool", "GET", "/prod/photos/01JD3Z")]
    [TestCase("bearer of another pool", "GET", "/prod/search?q=cat")]
    public async Task HandleAsync_ProtectedWithoutAValidToken_401Unauthorized(string token, string method, string path)
    {
        await using var gateway = await StartAsync(_stack);
        var sent = token switch
        {
            "none" => null,
            "garbage" => "not-a-token",
            "another pool" => _tokenOfAnotherPool,
            _ => "Bearer " + _tokenOfAnotherPool,
        };

        using var response = await SendAsync(gateway, new HttpMethod(method), path, sent);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await MessageAsync(response), Is.EqualTo("Unauthorized"));
        Assert.That(Header(response, "x-amzn-ErrorType"), Is.EqualTo("UnauthorizedException"));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
        Assert.That(gateway.Calls, Is.Empty);
    }

    [Test]
    public async Task HandleAsync_ExpiredToken_401TokenHasExpired()
    {
        var twoHoursLater = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2));
        await using var gateway = await StartAsync(_stack, clock: twoHoursLater);

        using var response = await SendAsync(gateway, HttpMethod.Get, "/prod/photos", _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await MessageAsync(response), Is.EqualTo("The incoming token has expired"));
        Assert.That(gateway.Calls, Is.Empty);
    }

    [Test]
    public async Task HandleAsync_ValidToken_FunctionGetsTheProxyEventOfItsMethod()
    {
        await using var gateway = await StartAsync(_stack, (_, _) => Ok("""{"photoId":"01JD3Z"}"""));

        using var response = await SendAsync(gateway, HttpMethod.Get, "/prod/photos/01JD3Z?size=thumb&size=full", _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"photoId":"01JD3Z"}"""));
        var (arn, proxyEvent) = gateway.Calls.Single();
        Assert.That(arn, Is.EqualTo(Function("getphoto").Arn));
        Assert.That(proxyEvent["resource"]!.GetValue<string>(), Is.EqualTo("/photos/{photoId}"));
        Assert.That(proxyEvent["path"]!.GetValue<string>(), Is.EqualTo("/photos/01JD3Z"));
        Assert.That(proxyEvent["httpMethod"]!.GetValue<string>(), Is.EqualTo("GET"));
        Assert.That(proxyEvent["pathParameters"]!["photoId"]!.GetValue<string>(), Is.EqualTo("01JD3Z"));
        Assert.That(proxyEvent["queryStringParameters"]!["size"]!.GetValue<string>(), Is.EqualTo("full"));
        JsonAssert.AreEqual("""["thumb","full"]""", proxyEvent["multiValueQueryStringParameters"]!["size"]);
        var context = proxyEvent["requestContext"]!;
        Assert.That(context["stage"]!.GetValue<string>(), Is.EqualTo("prod"));
        Assert.That(context["path"]!.GetValue<string>(), Is.EqualTo("/prod/photos/01JD3Z"));
        Assert.That(context["resourcePath"]!.GetValue<string>(), Is.EqualTo("/photos/{photoId}"));
        Assert.That(context["apiId"]!.GetValue<string>(), Is.EqualTo(_stack.Api!.RestApiId));
        Assert.That(context["accountId"]!.GetValue<string>(), Is.EqualTo(StackTemplates.AccountId));
        Assert.That(context["requestId"]!.GetValue<string>(), Is.EqualTo(Header(response, "x-amzn-RequestId")));
        var claims = context["authorizer"]!["claims"]!;
        Assert.That(claims["cognito:username"]!.GetValue<string>(), Is.EqualTo("alice"));
        Assert.That(claims["email"]!.GetValue<string>(), Is.EqualTo("alice@example.com"));
        Assert.That(claims["aud"]!.GetValue<string>(), Is.EqualTo(_stack.UserPools.Single().ClientIds.Single()));
        Assert.That(claims["token_use"]!.GetValue<string>(), Is.EqualTo("id"));
    }

    [Test]
    public async Task HandleAsync_PublicMethod_FunctionGetsBodyAndNoClaims()
    {
        await using var gateway = await StartAsync(_stack, (_, _) => Ok("""{"status":"ok"}""", 201));

        using var response = await SendAsync(gateway, HttpMethod.Post, "/prod/signup", body: new StringContent("""{"username":"bob"}""", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var (arn, proxyEvent) = gateway.Calls.Single();
        Assert.That(arn, Is.EqualTo(Function("signup").Arn));
        Assert.That(proxyEvent["resource"]!.GetValue<string>(), Is.EqualTo("/signup"));
        Assert.That(proxyEvent["body"]!.GetValue<string>(), Is.EqualTo("""{"username":"bob"}"""));
        Assert.That(proxyEvent["requestContext"]!["authorizer"], Is.Null);
    }

    [Test]
    public async Task HandleAsync_FunctionResponse_HeadersMultiValueHeadersAndBase64Body()
    {
        var image = new byte[] { 0xFF, 0xD8, 0xFF, 0x00, 0x01 };
        await using var gateway = await StartAsync(_stack, (_, _) => Success($$"""
            {"statusCode":200,"headers":{"Content-Type":"image/jpeg","Cache-Control":"max-age=60"},
             "multiValueHeaders":{"X-Tags":["a","b"]},"body":"{{Convert.ToBase64String(image)}}","isBase64Encoded":true}
            """));

        using var response = await SendAsync(gateway, HttpMethod.Get, "/prod/photos/01JD3Z", _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(image));
        Assert.That(Header(response, "Content-Type"), Is.EqualTo("image/jpeg"));
        Assert.That(Header(response, "Cache-Control"), Is.EqualTo("max-age=60"));
        Assert.That(response.Headers.GetValues("X-Tags"), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(Header(response, "x-amzn-RequestId"), Is.Not.Null);
        Assert.That(Header(response, "x-amzn-ErrorType"), Is.Null);
    }

    [TestCase("""{"Hello":"World"}""")]
    [TestCase("""{"statusCode":200,"body":{"photos":[]}}""")]
    [TestCase("null")]
    public async Task HandleAsync_MalformedProxyResponse_502AndLogged(string payload)
    {
        await using var gateway = await StartAsync(_stack, (_, _) => Success(payload));

        using var response = await SendAsync(gateway, HttpMethod.Get, "/prod/photos", _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(await MessageAsync(response), Is.EqualTo("Internal server error"));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"), "the template's DEFAULT_5XX gateway response");
        Assert.That(gateway.Log, Does.Contain("malformed Lambda proxy response"));
    }

    [TestCase(InvocationOutcome.FunctionError, "System.InvalidOperationException")]
    [TestCase(InvocationOutcome.InitError, "Runtime.ExitError")]
    [TestCase(InvocationOutcome.Timeout, "Sandbox.Timedout")]
    [TestCase(InvocationOutcome.RuntimeExit, "Runtime.ExitError")]
    [TestCase(InvocationOutcome.ResponseTooLarge, "Function.ResponseSizeTooLarge")]
    public async Task HandleAsync_FunctionFailed_502AndLoggedWithItsErrorType(InvocationOutcome outcome, string errorType)
    {
        await using var gateway = await StartAsync(_stack, (_, _) => new InvocationResult(outcome, "r", null, errorType, "it broke"));

        using var response = await SendAsync(gateway, HttpMethod.Post, "/prod/login", body: new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(await MessageAsync(response), Is.EqualTo("Internal server error"));
        Assert.That(Header(response, "x-amzn-ErrorType"), Is.EqualTo("InternalServerErrorException"));
        Assert.That(gateway.Log, Does.Contain($"{outcome} {errorType}: it broke"));
    }

    [Test]
    public async Task HandleAsync_EventOverLambdasLimit_413RequestTooLong()
    {
        await using var gateway = await StartAsync(_stack, (_, _) => new InvocationResult(InvocationOutcome.RequestTooLarge, "r", null, "RequestEntityTooLargeException", "too big"));

        using var response = await SendAsync(gateway, HttpMethod.Post, "/prod/photos", _token, new StringContent(new string('a', 100)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await MessageAsync(response), Is.EqualTo("Request Too Long"));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
    }

    [Test]
    public async Task HandleAsync_BodyOver10MB_413BeforeTheFunction()
    {
        await using var gateway = await StartAsync(_stack);

        using var response = await SendAsync(gateway, HttpMethod.Post, "/prod/photos", _token,
            new ByteArrayContent(new byte[TemplateGateway.MaxBodyBytes + 1]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await MessageAsync(response), Is.EqualTo("Request Too Long"));
        Assert.That(gateway.Calls, Is.Empty);
    }

    [Test]
    public async Task HandleAsync_BodyOf10MB_ReachesTheFunction()
    {
        await using var gateway = await StartAsync(_stack);

        using var response = await SendAsync(gateway, HttpMethod.Post, "/prod/photos", _token,
            new StringContent(new string('a', (int)TemplateGateway.MaxBodyBytes)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(gateway.Calls.Single().Event["body"]!.GetValue<string>(), Has.Length.EqualTo(TemplateGateway.MaxBodyBytes));
    }

    [Test]
    public async Task HandleAsync_InvocationLongerThan29Seconds_504EndpointRequestTimedOut()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var never = new TaskCompletionSource<InvocationResult>();
        await using var gateway = await StartAsync(_stack, clock: clock, invoke: (_, _, _) =>
        {
            clock.Advance(TimeSpan.FromSeconds(29.5));
            return never.Task;
        });

        using var response = await SendAsync(gateway, HttpMethod.Get, "/prod/search?q=cat", _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.GatewayTimeout));
        Assert.That(await MessageAsync(response), Is.EqualTo("Endpoint request timed out"));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
        Assert.That(gateway.Log, Does.Contain("integration timeout of 29 s"));
    }

    [Test]
    public async Task HandleAsync_InvocationOf28Seconds_Answered()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await StartAsync(_stack, clock: clock, invoke: (_, _, _) =>
        {
            clock.Advance(TimeSpan.FromSeconds(28));
            return Task.FromResult(Ok("[]"));
        });

        using var response = await SendAsync(gateway, HttpMethod.Get, "/prod/search?q=cat", _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(gateway.Log, Does.Contain("GET /prod/search?q=cat → 200 PhotoGallery-search 28000 ms"));
    }

    [Test]
    public async Task HandleAsync_NoLambdaPermissionForTheMethod_500AndLogged()
    {
        var getPhotos = Function("getphotos").Arn;
        var stack = _stack with { Api = _stack.Api! with { InvokeGrants = [.. _stack.Api.InvokeGrants.Where(g => g.FunctionArn != getPhotos)] } };
        await using var gateway = await StartAsync(stack);

        using var response = await SendAsync(gateway, HttpMethod.Get, "/prod/photos", _token);
        using var other = await SendAsync(gateway, HttpMethod.Get, "/prod/photos/01JD3Z", _token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await MessageAsync(response), Is.EqualTo("Internal server error"));
        Assert.That(gateway.Log, Does.Contain($"no Lambda permission lets apigateway.amazonaws.com invoke {getPhotos} from arn:aws:execute-api:us-east-1:123456789012:{_stack.Api.RestApiId}/prod/GET/photos"));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "getphoto keeps its own permission");
        Assert.That(gateway.Calls.Select(c => c.Arn), Is.EqualTo(new[] { Function("getphoto").Arn }));
    }

    [Test]
    public async Task HandleAsync_PermissionOnlyForTheTestConsole_500()
    {
        var stack = _stack with
        {
            Api = _stack.Api! with { InvokeGrants = [.. _stack.Api.InvokeGrants.Where(g => g.SourceArn!.Contains("/test-invoke-stage/", StringComparison.Ordinal))] },
        };
        await using var gateway = await StartAsync(stack);

        using var response = await SendAsync(gateway, HttpMethod.Post, "/prod/signup", body: new StringContent("{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(gateway.Calls, Is.Empty);
    }

    [Test]
    public async Task HandleAsync_MethodWithoutItsAuthorizer_ReachesTheFunctionWithoutClaims()
    {
        await using var gateway = await StartAsync(_withoutAuthorizer, (_, _) => Ok("""{"error":"Unauthorized"}""", 401));

        using var unprotected = await SendAsync(gateway, HttpMethod.Get, "/prod/photos");
        using var stillProtected = await SendAsync(gateway, HttpMethod.Post, "/prod/photos");

        var (arn, proxyEvent) = gateway.Calls.Single();
        Assert.That(arn, Is.EqualTo(_withoutAuthorizer.Functions.Single(f => f.FunctionName == "PhotoGallery-getphotos").Arn));
        Assert.That(proxyEvent["requestContext"]!["authorizer"], Is.Null, "no authorizer, no claims: the function must refuse");
        Assert.That(await unprotected.Content.ReadAsStringAsync(), Is.EqualTo("""{"error":"Unauthorized"}"""));
        Assert.That(stillProtected.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await MessageAsync(stillProtected), Is.EqualTo("Unauthorized"));
    }

    [Test]
    public async Task HandleAsync_StackWithoutGatewayResponses_ErrorsCarryNoCors()
    {
        await using var gateway = await StartAsync(_withoutGatewayResponses, (_, _) => Success("{}"));

        using var unauthorized = await SendAsync(gateway, HttpMethod.Get, "/prod/photos");
        using var missing = await SendAsync(gateway, HttpMethod.Get, "/prod/nothing");
        using var malformed = await SendAsync(gateway, HttpMethod.Post, "/prod/login");
        using var preflight = await SendAsync(gateway, HttpMethod.Options, "/prod/photos");

        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Header(unauthorized, "Access-Control-Allow-Origin"), Is.Null, "a browser cannot read this 401");
        Assert.That(Header(missing, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(Header(malformed, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(preflight, "Access-Control-Allow-Origin"), Is.EqualTo("*"), "the MOCK preflights are not gateway responses");
    }

    [Test]
    public async Task HandleAsync_EveryRequest_OneLogLine()
    {
        await using var gateway = await StartAsync(_stack);

        using var first = await SendAsync(gateway, HttpMethod.Get, "/prod/photos/01JD3Z", _token);
        using var second = await SendAsync(gateway, HttpMethod.Get, "/prod/photos");

        var lines = gateway.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.Match(@"^\[gateway\] GET /prod/photos/01JD3Z → 200 PhotoGallery-getphoto \d+ ms"));
        Assert.That(lines[1], Does.Match(@"^\[gateway\] GET /prod/photos → 401 - \d+ ms"));
    }
}
