using System.Text.Json;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Requests;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;

namespace PhotoGallery.Grader;

// Checks of the API's shape: routes on their methods, the authorizer, CORS, error responses.
public sealed partial class GradingRun
{
    private const string GraderOrigin = "https://grader.photogallery.example";

    private async Task<Outcome> RouteAnswersAsync(Route route, CancellationToken cancellationToken)
    {
        var reply = await _api.SendAsync(new HttpMethod(route.Method), PathOf(route), route.Method == "POST" ? "{}" : null,
            cancellationToken: cancellationToken);
        if (reply.NoSuchMethod()) return NotThere(route, reply);
        if (reply.Status >= 500) return Failed(route, reply);
        if (reply.AuthorizerRefused()) return Outcome.Pass($"{route.Key} is there (its authorizer answered {reply.Status}).");
        if (reply.FromGateway())
            return Outcome.Fail($"{route.Key}: {reply.Describe()}. API Gateway refused before calling any function: check the method's settings (API key, resource policy) and deploy the stage.");
        if (!reply.IsJson)
            return Outcome.Fail($"{route.Key} answered {reply.Status} {reply.ContentType ?? "(no content type)"}, not JSON from its function: {reply.Describe()}. Is this the API's URL?");
        return Outcome.Pass($"{route.Key} answered {reply.Status}.");
    }

    private static Outcome NotThere(Route route, Exchange reply) =>
        Outcome.Fail($"{route.Key} is not there: {reply.Describe()}. Create the {route.Method} method on {route.Path}, bind it to the {route.Name} function, and deploy the stage.");

    private static Outcome Failed(Route route, Exchange reply) =>
        Outcome.Fail(reply.FromGateway() && reply.Status == 500
            ? $"{route.Key}: API Gateway could not call the function or its authorizer: {reply.Describe()}. Check the integration (the function's permission to be invoked by this API) and the authorizer's user pool, then deploy the stage."
            : $"{route.Key} exists but its function failed: {reply.Describe()}. Read the function's CloudWatch logs.");

    /// <summary>The function refused a valid token: with no authorizer on the method it receives no claims, whoever calls.</summary>
    private static string NoAuthorizerHint(Route route) =>
        $"{route.Key} has no Cognito authorizer: the 401 is the {route.Name} function's own (a problem document), not API Gateway's " +
        $"({{\"message\":\"Unauthorized\"}} with an x-amzn-ErrorType header), so the function gets no claims and refuses every caller. " +
        $"Attach the Cognito user pool authorizer to {route.Key} and deploy the stage.";

    /// <summary>
    /// A photo route, asked with a token the request its function declares as its probe: something only
    /// that function answers that way (an empty photo is refused, the gallery lists photos, an unknown id is
    /// not found, nonsense finds nothing). Without a token only the method's existence can be seen (the
    /// authorizer's 401).
    /// </summary>
    private async Task<Outcome> RouteBoundAsync(Route route, CancellationToken cancellationToken)
    {
        if (_token is null || FunctionCatalog.ByName(route.Name).Probe is not { } probe) return await RouteAnswersAsync(route, cancellationToken);
        var path = probe.PathAndQuery.Replace("{photoId}", SamplePhotoId, StringComparison.Ordinal)
            .Replace("{nonsense}", "zx" + _runId.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var reply = await _api.SendAsync(new HttpMethod(route.Method), path, probe.Body, _token, cancellationToken: cancellationToken);
        if (Answers(reply, probe)) return Outcome.Pass($"{route.Key} answered as the {route.Name} function does ({reply.Status}).");
        if (reply.NoSuchMethod()) return NotThere(route, reply);
        if (reply.Status >= 500) return Failed(route, reply);
        // Bound to a gallery function, but which one cannot be seen while it refuses everyone; auth.* carries the hint.
        if (reply.FunctionRefused() && reply.IsProblem())
            return Outcome.Pass($"{route.Key} is bound to a function, which refused the grader's valid token itself (see auth.{route.Name}).");
        return Outcome.Fail($"{reply.Describe()}; expected {probe.Expectation}. Is {route.Key} bound to the {route.Name} function?");
    }

    private bool Answers(Exchange reply, BindingProbe probe)
    {
        if (reply.Status != probe.Status || !reply.IsJson) return false;
        return probe.Photos switch
        {
            ProbePhotos.Some => Photos(reply) is { } listed && (_photos.Count == 0 || listed.GetArrayLength() > 0),
            ProbePhotos.None => Photos(reply) is { } found && found.GetArrayLength() == 0,
            _ => true,
        };
    }

    private async Task<Outcome> PreflightAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var path in new[] { "/signup", "/photos" })
        {
            var reply = await _api.SendAsync(HttpMethod.Options, path, headers:
            [
                ("Origin", GraderOrigin), ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "authorization,content-type"),
            ], cancellationToken: cancellationToken);
            if (reply.Status is < 200 or > 299) problems.Add($"OPTIONS {path} answered {reply.Status}");
            else if (!AllowsOrigin(reply)) problems.Add($"OPTIONS {path} has no Access-Control-Allow-Origin");
            else if (!Lists(reply.Header("Access-Control-Allow-Methods"), "POST")) problems.Add($"OPTIONS {path} does not allow POST");
            else if (!Lists(reply.Header("Access-Control-Allow-Headers"), "Authorization") || !Lists(reply.Header("Access-Control-Allow-Headers"), "Content-Type"))
                problems.Add($"OPTIONS {path} does not allow the Authorization and Content-Type headers");
        }
        return problems.Count == 0
            ? Outcome.Pass("Preflights on /signup and /photos allow the origin, POST, Authorization and Content-Type.")
            : Outcome.Fail(string.Join("; ", problems) + ". Enable CORS on each resource (OPTIONS method) and deploy the stage.");
    }

    private async Task<Outcome> RefusesWithoutTokenAsync(Route route, CancellationToken cancellationToken)
    {
        var path = PathOf(route) + RequiredQuery(route);
        var body = route.Method == "POST" ? """{"title":"grader","fileName":"a.png","contentType":"image/png","size":1}""" : null;
        var method = new HttpMethod(route.Method);
        var anonymous = await _api.SendAsync(method, path, body, cancellationToken: cancellationToken);
        var forged = await _api.SendAsync(method, path, body, token: "Bearer not.a.token", cancellationToken: cancellationToken);
        foreach (var reply in new[] { anonymous, forged })
        {
            var how = reply == anonymous ? "without a token" : "with a made-up token";
            if (reply.NoSuchMethod()) return NotThere(route, reply);
            if (reply.AuthorizerRefused()) continue;
            if (reply.FunctionRefused()) return Outcome.Fail($"{reply.Describe()} {how}. {NoAuthorizerHint(route)}");
            if (reply.Status >= 500) return Failed(route, reply);
            if (!reply.FromGateway())
                return Outcome.Fail($"{route.Key} is open: {how} it answered {reply.Describe()}, from the function; expected API Gateway's 401. " +
                    $"Put the Cognito user pool authorizer on {route.Key} and deploy the stage.");
            return Outcome.Fail($"{reply.Describe()} {how}; expected the authorizer's 401. Put the Cognito user pool authorizer (token source: the Authorization header) on {route.Key} and deploy the stage.");
        }
        return Outcome.Pass($"{route.Key}'s authorizer answers 401 without a token and with a made-up one.");
    }

    private Outcome ResponsesCarryCors()
    {
        var exchanges = _api.History.Where(e => e.Method != "OPTIONS" && !e.NoSuchMethod()).ToList();
        if (exchanges.Count == 0) return Outcome.NotRun("no API response to look at.");
        var missing = exchanges.Where(e => e.Header("Access-Control-Allow-Origin") is null)
            .Select(e => $"{e.Method} {e.Path} → {e.Status}").Distinct().ToList();
        return missing.Count == 0
            ? Outcome.Pass($"All {exchanges.Count} API responses carry Access-Control-Allow-Origin.")
            : Outcome.Fail($"No Access-Control-Allow-Origin on: {string.Join(", ", missing.Take(6))}{(missing.Count > 6 ? ", …" : "")}. " +
                "Lambda proxy integrations must add CORS headers to every response themselves, errors included (and API Gateway's own 4XX/5XX gateway responses need them too).");
    }

    private async Task<Outcome> ErrorsAreJsonProblemsAsync(CancellationToken cancellationToken)
    {
        var probes = new List<(HttpMethod Method, string Path, string? Body, string? Token)>
        {
            (HttpMethod.Post, "/signup", """{"username": """, null),
            (HttpMethod.Post, "/login", "[]", null),
            (HttpMethod.Post, "/signup", """{"username": 42, "password": true, "name": [], "email": {}}""", null),
            (HttpMethod.Post, "/confirmemail", """{"username": "nobody-here", "code": 12}""", null),
        };
        if (_token is not null)
        {
            probes.Add((HttpMethod.Post, "/photos", """{"title": 5, "size": "big"}""", _token));
            probes.Add((HttpMethod.Get, "/photos?limit=abc", null, _token));
            probes.Add((HttpMethod.Get, $"/photos/{SamplePhotoId}", null, _token));
            probes.Add((HttpMethod.Get, "/search", null, _token));
        }
        var bad = new List<string>();
        foreach (var (method, path, body, token) in probes)
        {
            var reply = await _api.SendAsync(method, path, body, token, cancellationToken: cancellationToken);
            if (reply.Status is < 400 or > 499 || !reply.IsJson) bad.Add(reply.Describe());
        }
        return bad.Count == 0
            ? Outcome.Pass($"{probes.Count} malformed or wrong requests each got a 4xx JSON error.")
            : Outcome.Fail($"Bad input should get a 4xx JSON error saying what is wrong; got: {string.Join(" | ", bad)}.");
    }

    private static string PathOf(Route route) => route.Path.Replace("{photoId}", SamplePhotoId, StringComparison.Ordinal);

    /// <summary>The function's required query fields with their declared examples (<c>?q=sunset</c>), so the request is one it would take.</summary>
    private static string RequiredQuery(Route route)
    {
        var fields = FunctionCatalog.ByName(route.Name).Request.In(FieldSource.Query).Where(f => f.Required).ToList();
        return fields.Count == 0 ? "" : "?" + string.Join('&', fields.Select(f => $"{f.Name}={Uri.EscapeDataString(f.Example ?? "x")}"));
    }

    private static bool AllowsOrigin(Exchange reply) =>
        reply.Header("Access-Control-Allow-Origin") is "*" or GraderOrigin;

    private static bool Lists(string? header, string value) =>
        header is not null && (header.Trim() == "*" ||
            header.Split(',').Any(v => string.Equals(v.Trim(), value, StringComparison.OrdinalIgnoreCase)));

    private static JsonElement? Photos(Exchange reply) =>
        reply.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("photos", out var photos) && photos.ValueKind == JsonValueKind.Array
            ? photos
            : null;
}
