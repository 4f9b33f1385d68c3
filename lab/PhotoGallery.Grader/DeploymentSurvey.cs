using System.Text.Json;
using PhotoGallery.Functions;

namespace PhotoGallery.Grader;

/// <summary>Why a deployment is not graded, and what to do about it.</summary>
public sealed record NotGradable(GradeStatus Status, string Note);

/// <summary>
/// What the grader finds out before any check counts, so that no grade is silently wrong: does anything
/// answer at the URL; is it the API's stage (not the bare API, a stage that does not exist, or the
/// website); and can the grader log in at all (a confirmed account, or an outbox to confirm its own).
/// </summary>
public static class DeploymentSurvey
{
    /// <summary>The stage names students use, tried when the URL reaches API Gateway but no stage of the API.</summary>
    public static IReadOnlyList<string> UsualStages { get; } = ["prod", "dev", "test", "stage", "staging", "v1", "api", "Prod", "default"];

    public static async Task<NotGradable?> FindProblemAsync(ApiClient api, GradeOptions options, CancellationToken cancellationToken)
    {
        var baseUrl = options.Api.ToString().TrimEnd('/');
        List<Exchange> replies;
        try
        {
            replies = await AskEveryRouteAsync(api, baseUrl, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = e is HttpRequestException failure ? ApiClient.Reason(failure) : $"no answer within {options.Timeout.TotalSeconds:0} seconds";
            return new NotGradable(GradeStatus.Unreachable,
                $"{options.Api} did not answer ({why}). Check the URL (stage included, e.g. …/prod), the region, and that the API is deployed.");
        }

        if (replies.Any(ComesFromTheApi))
            return options.Username is null && options.Outbox is null && !await HasOutboxAsync(api, baseUrl, cancellationToken)
                ? new NotGradable(GradeStatus.NeedsCredentials,
                    "No confirmed account to log in with, and this deployment has no outbox to read a confirmation code from " +
                    "(on AWS the grader cannot read emails): most checks could not run, and a grade would be silently wrong. " +
                    "Give a confirmed user: --username and --password, or the roster's username and password columns (see step 9.3 of the guide).")
                : null;

        var seen = replies[0].Describe();
        var found = await FindStageAsync(api, options.Api, cancellationToken);
        var reached = replies.All(r => r.FromGateway())
            ? $"API Gateway answers at {options.Api}, but none of the API's methods does ({seen}): the URL does not name a deployed stage of the API."
            : $"Nothing at {options.Api} answers as the API does ({seen}): is this the API's URL (not the website's)?";
        return new NotGradable(GradeStatus.Misconfigured, found is not null
            ? $"{reached} The API answers at {found}: grade that URL (the stage is part of it)."
            : $"{reached} Use the stage's Invoke URL (API Gateway → Stages, or the stack's ApiUrl output), stage included, e.g. https://abc123.execute-api.us-east-1.amazonaws.com/prod, and deploy the API to that stage.");
    }

    /// <summary>
    /// The API is there when any route answers as a gallery function or the authorizer would: not API
    /// Gateway's "no such method" or "forbidden", and not a page that is not JSON.
    /// </summary>
    private static bool ComesFromTheApi(Exchange reply) =>
        reply.AuthorizerRefused() || reply.Throttled() ||
        (reply.FromGateway() ? reply.Status >= 500 : reply.IsJson || reply.Status >= 500);

    private static async Task<List<Exchange>> AskEveryRouteAsync(ApiClient api, string baseUrl, CancellationToken cancellationToken)
    {
        var replies = new List<Exchange>();
        foreach (var route in RouteTable.All)
        {
            var path = route.Path.Replace("{photoId}", "01JD3ZK8Q2V7W4X9Y6T5R3P1NM", StringComparison.Ordinal);
            replies.Add(await api.ProbeAsync(baseUrl, new HttpMethod(route.Method), path, route.Method == "POST" ? "{}" : null, cancellationToken));
            if (ComesFromTheApi(replies[^1])) break;
        }
        return replies;
    }

    /// <summary>The URL where the API answers: the path's own parents first (a URL with a resource after the stage), then the usual stage names.</summary>
    private static async Task<string?> FindStageAsync(ApiClient api, Uri url, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var candidates = Enumerable.Range(0, segments.Length).Reverse().Select(n => origin + string.Concat(segments.Take(n).Select(s => "/" + s)))
            .Concat(UsualStages.Select(stage => $"{origin}/{stage}"))
            .Where(c => c != url.ToString().TrimEnd('/'))
            .Distinct();
        foreach (var candidate in candidates)
        {
            try
            {
                var reply = await api.ProbeAsync(candidate, HttpMethod.Post, "/login", "{}", cancellationToken);
                if (ComesFromTheApi(reply) && !reply.FromGateway()) return candidate;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // That one does not answer; try the next.
            }
        }
        return null;
    }

    private static async Task<bool> HasOutboxAsync(ApiClient api, string baseUrl, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await api.GetUrlAsync(baseUrl + "/_local/outbox", cancellationToken);
            return reply.Status == 200 && reply.Json is { ValueKind: JsonValueKind.Array };
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
