using System.Net.Http.Json;
using System.Text.Json;
using PhotoGallery.Core.Functions;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Local.Storage;

namespace PhotoGallery.Rehearsal.Walk;

/// <summary>What the walk needs to know about the gallery it walks through.</summary>
/// <param name="ConfirmationCode">The code the user pool sends (cognito-local sends every user the same one).</param>
/// <param name="UploadBytes">A photo over the inline limit, sent through the presigned upload.</param>
public sealed record WalkOptions(string ConfirmationCode, int UploadBytes);

/// <summary>
/// The whole API, walked as a student's page and the grader use it: sign up, confirm, log in, the
/// authorizer's 401s and CORS, the largest inline photo the contract documents (<see cref="LargestInlineUpload"/>), a presigned upload (completed too early, then
/// properly), listing, the function S3 starts on each stored original recording both photos' images, one
/// photo and its images, the same photo as another user sees it, search. Every step says what it expected
/// and what came back; a step whose prerequisite failed is reported as not reached.
/// </summary>
public sealed class ApiWalk(HttpClient api, HttpClient storage, WalkOptions options)
{
    private const string Title = "Rehearsal glacier panorama";

    /// <summary>How long the walk waits for S3 → Lambda → the function to record a photo's images (a retry included).</summary>
    private static readonly TimeSpan ProcessingWait = TimeSpan.FromSeconds(20);

    /// <summary>The function stored originals start (found by its trigger, never by name).</summary>
    private static readonly FunctionDeclaration Triggered = FunctionCatalog.All.Single(f => f.Trigger is StorageTrigger);

    /// <summary>JSON as a browser's JSON.stringify writes it: base64's '+' and '/' stay one byte each.</summary>
    private static readonly JsonSerializerOptions BrowserJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly List<WalkStep> _steps = [];
    private readonly string _username = "rehearsal" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _password = SamplePhotos.Password();
    private string? _token;
    private string? _inlineId;
    private string? _uploadedId;
    private byte[] _uploadedImage = [];
    private string? _uploadedState;

    public async Task<IReadOnlyList<WalkStep>> RunAsync(CancellationToken cancellationToken)
    {
        await StepAsync("POST /signup", null, SignUpAsync, cancellationToken);
        await StepAsync("POST /confirmemail", "POST /signup", ConfirmAsync, cancellationToken);
        await StepAsync("POST /login", "POST /confirmemail", LogInAsync, cancellationToken);
        foreach (var route in RouteTable.All.Where(r => r.IsProtected))
            await StepAsync($"{route.Key} without a token", null, ct => RefusedWithoutTokenAsync(route, ct), cancellationToken);
        await StepAsync("OPTIONS /photos (CORS preflight)", null, PreflightAsync, cancellationToken);
        await StepAsync("POST /photos inline, largest documented size", "POST /login", InlinePhotoAsync, cancellationToken);
        await StepAsync("POST /photos presigned upload", "POST /login", PresignedUploadAsync, cancellationToken);
        await StepAsync("GET /photos", "POST /photos presigned upload", ListAsync, cancellationToken);
        await StepAsync(ProcessedStep, "POST /photos presigned upload", ProcessedAsync, cancellationToken);
        await StepAsync("GET /photos/{photoId} and its images", ProcessedStep, GetPhotoAsync, cancellationToken);
        await StepAsync("GET /photos/{photoId} as another user", ProcessedStep, OtherUserAsync, cancellationToken);
        await StepAsync("GET /photos/{photoId} of an unknown photo", "POST /login", UnknownPhotoAsync, cancellationToken);
        await StepAsync("GET /search", "POST /photos presigned upload", SearchAsync, cancellationToken);
        return _steps;
    }

    private async Task StepAsync(string name, string? needs, Func<CancellationToken, Task<string?>> step, CancellationToken cancellationToken)
    {
        if (needs is not null && _steps.FirstOrDefault(s => s.Name == needs) is { Passed: false })
        {
            _steps.Add(new WalkStep(name, StepResult.NotReached, $"needs \"{needs}\", which did not pass"));
            return;
        }
        string? failure;
        try
        {
            failure = await step(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or TaskCanceledException)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }
        _steps.Add(new WalkStep(name, failure is null ? StepResult.Passed : StepResult.Failed, failure ?? "as documented"));
    }

    private async Task<string?> SignUpAsync(CancellationToken cancellationToken)
    {
        var answer = await PostAsync(PathOf(Functions.SignUp.Declaration.Value), new { username = _username, password = _password, name = "Rehearsal Walker", email = $"{_username}@example.com" }, cancellationToken);
        return Expect(answer, 201);
    }

    private async Task<string?> ConfirmAsync(CancellationToken cancellationToken) =>
        Expect(await PostAsync(PathOf(Functions.ConfirmEmail.Declaration.Value), new { username = _username, code = options.ConfirmationCode }, cancellationToken), 200);

    private async Task<string?> LogInAsync(CancellationToken cancellationToken)
    {
        var answer = await PostAsync(PathOf(Functions.LogIn.Declaration.Value), new { username = _username, password = _password }, cancellationToken);
        if (Expect(answer, 200) is { } failure) return failure;
        _token = answer.Json().GetProperty("idToken").GetString();
        return _token is { Length: > 0 } ? null : "200, but no idToken in the answer";
    }

    /// <summary>
    /// A protected method must be refused by API Gateway's authorizer, not by the function: the function's
    /// own 401 means the method has no authorizer, and anyone could call it with forged claims.
    /// </summary>
    private async Task<string?> RefusedWithoutTokenAsync(Route route, CancellationToken cancellationToken)
    {
        var path = route.Path.Replace("{photoId}", "01ARZ3NDEKTSV4RRFFQ69G5FAV", StringComparison.Ordinal).TrimStart('/');
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method == "POST") request.Content = JsonContent.Create(new { title = "no token" }, options: BrowserJson);
        var answer = await SendAsync(api, request, cancellationToken);
        if (answer.StatusCode == 401 && answer.FromGateway)
        {
            return answer.AllowOrigin is null
                ? "API Gateway's 401 carries no Access-Control-Allow-Origin: a browser cannot read it (the stack's gateway responses need CORS headers)"
                : null;
        }
        if (!answer.FromGateway && answer.StatusCode is 401 or 400 or 404)
            return $"the function answered ({answer.Describe()}): the method has no Cognito authorizer, so API Gateway let an unsigned request through";
        return $"expected API Gateway's 401, got {answer.Describe()}";
    }

    private async Task<string?> PreflightAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "photos");
        request.Headers.Add("Origin", "http://localhost:5080");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        var answer = await SendAsync(api, request, cancellationToken);
        if (answer.StatusCode is < 200 or > 299) return $"expected 2xx, got {answer.Describe()}";
        return answer.AllowOrigin is null ? "the preflight answer has no Access-Control-Allow-Origin" : null;
    }

    /// <summary>The largest inline photo the contract documents: it must fit Lambda's 6 MB request once wrapped in the event.</summary>
    private async Task<string?> InlinePhotoAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "photos")
        {
            Content = new StringContent(LargestInlineUpload.Body(), System.Text.Encoding.UTF8, "application/json"),
        };
        var answer = await SendAsync(api, Authorized(request), cancellationToken);
        if (Expect(answer, 201) is { } failure) return failure;
        _inlineId = answer.Json().GetProperty("photo").GetProperty("photoId").GetString();
        return null;
    }

    /// <summary>Start, complete too early (409 UploadIncomplete, not a 403 turned 502), one byte too many refused by storage, POST the form to storage, complete.</summary>
    private async Task<string?> PresignedUploadAsync(CancellationToken cancellationToken)
    {
        var bytes = SamplePhotos.Png(options.UploadBytes, seed: 3);
        var started = await PostAsync("photos", new { title = Title, tags = "ice, mountains", fileName = "glacier.png", contentType = "image/png", size = bytes.Length }, cancellationToken);
        if (Expect(started, 201) is { } startFailure) return "start: " + startFailure;
        var pending = started.Json();
        var photoId = pending.GetProperty("photo").GetProperty("photoId").GetString();

        var early = await PostAsync("photos", new { photoId, complete = true }, cancellationToken);
        if (early.StatusCode != 409 || early.Code != "UploadIncomplete")
            return $"completing before the upload: expected 409 UploadIncomplete, got {early.Describe()}";

        // Storage itself refuses more bytes than were declared: the policy signed into the upload binds the size.
        using var oversized = UploadForm.Request(pending.GetProperty("upload"), [.. bytes, 0], "glacier.png");
        var refused = await SendAsync(storage, oversized, cancellationToken);
        if (refused.StatusCode != 400 || !refused.Body.Contains("<Code>EntityTooLarge</Code>", StringComparison.Ordinal))
            return $"one byte more than declared: expected storage's 400 EntityTooLarge, got {refused.Describe()}";

        // The presigned POST, as a browser's form sends it: its fields, then the file.
        using var form = UploadForm.Request(pending.GetProperty("upload"), bytes, "glacier.png");
        var stored = await SendAsync(storage, form, cancellationToken);
        if (stored.StatusCode is < 200 or > 299) return $"POST to the upload URL: {stored.Describe()}";

        var completed = await PostAsync("photos", new { photoId, complete = true }, cancellationToken);
        if (Expect(completed, 200) is { } completeFailure) return "complete: " + completeFailure;
        _uploadedId = photoId;
        _uploadedImage = bytes;
        return null;
    }

    private async Task<string?> ListAsync(CancellationToken cancellationToken)
    {
        var answer = await GetAsync("photos?limit=10", cancellationToken);
        if (Expect(answer, 200) is { } failure) return failure;
        var ids = answer.Json().GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("photoId").GetString()).ToList();
        var expected = new[] { _inlineId, _uploadedId }.Where(id => id is not null).ToList();
        var missing = expected.Where(id => !ids.Contains(id)).ToList();
        return missing.Count == 0 ? null : $"the list does not hold {string.Join(", ", missing)}";
    }

    private static string ProcessedStep => $"{Triggered.Name} on S3's events records both photos' images";

    /// <summary>
    /// Storing each original made S3 invoke the triggered function, asynchronously: within
    /// <see cref="ProcessingWait"/> both photos leave "processing". The uploaded photo (a real PNG) gets its
    /// images; the largest inline one (JPEG headers over noise, by design) gets them or a stored reason.
    /// </summary>
    private async Task<string?> ProcessedAsync(CancellationToken cancellationToken)
    {
        var uploaded = await ProcessedPhotoAsync(_uploadedId!, cancellationToken);
        if (uploaded is null) return $"the uploaded photo is still \"processing\" after {ProcessingWait.TotalSeconds:0} s: S3 did not invoke {Triggered.Name}, or every attempt failed (see its lines below)";
        _uploadedState = State(uploaded.Value);
        var problem = Problem(uploaded.Value);
        if (_uploadedState != "ready")
            return $"the uploaded photo is \"{_uploadedState}\", not \"ready\"{(problem is null ? "" : $": {problem}")}";
        if (_inlineId is null) return null;
        var inline = await ProcessedPhotoAsync(_inlineId, cancellationToken);
        if (inline is null) return $"the inline photo is still \"processing\" after {ProcessingWait.TotalSeconds:0} s";
        return State(inline.Value) == "failed" && Problem(inline.Value) is not { Length: > 0 }
            ? "the inline photo failed without a reason for its owner (imageProblem)"
            : null;
    }

    /// <summary>The photo once it is no longer "processing", or <c>null</c> after <see cref="ProcessingWait"/>.</summary>
    private async Task<JsonElement?> ProcessedPhotoAsync(string photoId, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var answer = await GetAsync($"photos/{photoId}", cancellationToken);
            if (answer.StatusCode != 200) throw new InvalidOperationException($"GET /photos/{photoId}: {answer.Describe()}");
            var photo = answer.Json().GetProperty("photo");
            if (State(photo) != "processing") return photo;
            if (waited.Elapsed > ProcessingWait) return null;
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>The owner's view: the original (their own download) and, once made, the variants as JPEGs; never a variant that is the original.</summary>
    private async Task<string?> GetPhotoAsync(CancellationToken cancellationToken)
    {
        var inline = await GetAsync($"photos/{_inlineId}", cancellationToken);
        if (Expect(inline, 200) is { } inlineFailure) return "the inline photo: " + inlineFailure;
        var answer = await GetAsync($"photos/{_uploadedId}", cancellationToken);
        if (Expect(answer, 200) is { } failure) return "the uploaded photo: " + failure;
        var photo = answer.Json().GetProperty("photo");
        if (Url(photo, "originalUrl") is not { } original) return "its owner gets no originalUrl";
        var (originalStatus, originalBytes, _) = await DownloadAsync(original, cancellationToken);
        if (originalStatus != 200) return $"its originalUrl answered {originalStatus}";
        if (!originalBytes.AsSpan().SequenceEqual(_uploadedImage)) return $"its originalUrl served {originalBytes.Length} bytes, not the {_uploadedImage.Length} uploaded";
        if (_uploadedState != "ready")
        {
            return Url(photo, "imageUrl") is null && Url(photo, "thumbnailUrl") is null
                ? null
                : $"a \"{_uploadedState}\" photo has an imageUrl or thumbnailUrl: until its images exist there must be none (never the original)";
        }
        foreach (var name in new[] { "thumbnailUrl", "imageUrl" })
        {
            if (Url(photo, name) is not { } url) return $"a ready photo has no {name}";
            var (status, bytes, type) = await DownloadAsync(url, cancellationToken);
            if (status != 200) return $"its {name} answered {status}";
            if (type != "image/jpeg" || bytes is not [0xFF, 0xD8, 0xFF, ..]) return $"its {name} served {bytes.Length} bytes of {type ?? "no type"}, not a JPEG";
            if (bytes.Length >= _uploadedImage.Length) return $"its {name} is {bytes.Length} bytes, no smaller than the {_uploadedImage.Length}-byte original";
        }
        return null;
    }

    /// <summary>Another signed-in user sees the photo (the gallery is shared) but never its original, which keeps the camera's EXIF.</summary>
    private async Task<string?> OtherUserAsync(CancellationToken cancellationToken)
    {
        var other = "other" + Guid.NewGuid().ToString("N")[..8];
        var signedUp = await PostAsync(PathOf(Functions.SignUp.Declaration.Value), new { username = other, password = _password, name = "Other Walker", email = $"{other}@example.com" }, cancellationToken);
        if (Expect(signedUp, 201) is { } signUpFailure) return "sign-up: " + signUpFailure;
        if (Expect(await PostAsync(PathOf(Functions.ConfirmEmail.Declaration.Value), new { username = other, code = options.ConfirmationCode }, cancellationToken), 200) is { } confirmFailure)
            return "confirmation: " + confirmFailure;
        var login = await PostAsync(PathOf(Functions.LogIn.Declaration.Value), new { username = other, password = _password }, cancellationToken);
        if (Expect(login, 200) is { } loginFailure) return "login: " + loginFailure;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"photos/{_uploadedId}");
        request.Headers.TryAddWithoutValidation("Authorization", login.Json().GetProperty("idToken").GetString());
        var answer = await SendAsync(api, request, cancellationToken);
        if (Expect(answer, 200) is { } failure) return failure;
        var photo = answer.Json().GetProperty("photo");
        if (photo.GetProperty("owner").GetString() != _username) return $"the photo's owner is {photo.GetProperty("owner")}, not {_username}";
        if (Url(photo, "originalUrl") is not null) return "another user got the photo's originalUrl: the original (GPS included) is for its owner only";
        return photo.TryGetProperty("imageProblem", out var problem) && problem.ValueKind == JsonValueKind.String
            ? "another user got the owner's imageProblem"
            : null;
    }

    private static string? State(JsonElement photo) =>
        photo.TryGetProperty("imageState", out var state) ? state.GetString() : null;

    private static string? Problem(JsonElement photo) =>
        photo.TryGetProperty("imageProblem", out var problem) && problem.ValueKind == JsonValueKind.String ? problem.GetString() : null;

    private static string? Url(JsonElement photo, string name) =>
        photo.TryGetProperty(name, out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null;

    private async Task<(int Status, byte[] Bytes, string? ContentType)> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await storage.GetAsync(url, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string?> UnknownPhotoAsync(CancellationToken cancellationToken)
    {
        var answer = await GetAsync("photos/01ARZ3NDEKTSV4RRFFQ69G5FAV", cancellationToken);
        return answer.StatusCode == 404 && answer.Code == "PhotoNotFound" ? null : $"expected 404 PhotoNotFound, got {answer.Describe()}";
    }

    private async Task<string?> SearchAsync(CancellationToken cancellationToken)
    {
        var answer = await GetAsync("search?q=glac%20PANORAMA", cancellationToken);
        if (Expect(answer, 200) is { } failure) return failure;
        var ids = answer.Json().GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("photoId").GetString()).ToList();
        return ids.Contains(_uploadedId) ? null : $"searching \"glac PANORAMA\" did not find \"{Title}\"";
    }

    private async Task<GatewayAnswer> PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: BrowserJson) };
        return await SendAsync(api, Authorized(request), cancellationToken);
    }

    private async Task<GatewayAnswer> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(api, Authorized(request), cancellationToken);
    }

    private HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        if (_token is not null) request.Headers.TryAddWithoutValidation("Authorization", _token);
        return request;
    }

    private static async Task<GatewayAnswer> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(request, cancellationToken);
        return await GatewayAnswer.ReadAsync(response, cancellationToken);
    }

    /// <summary>A function's path relative to the stage URL (<c>signup</c>), from its declaration.</summary>
    private static string PathOf(FunctionDeclaration function) => function.Route!.Path.TrimStart('/');

    private static string? Expect(GatewayAnswer answer, int status) =>
        answer.StatusCode == status ? null : $"expected {status}, got {answer.Describe()}";
}
