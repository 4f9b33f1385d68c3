using System.Security.Cryptography;
using System.Text.Json;
using PhotoGallery.Core.Requests;

namespace PhotoGallery.Grader;

// Checks of the photo routes, on two small photos the grader adds with unique title words.
public sealed partial class GradingRun
{
    private sealed record AddedPhoto(string PhotoId, string Title, string Word, byte[] Bytes);

    // Two tiny PNGs (16x12 orange, 12x16 blue): small, real, and different from each other.
    private static readonly string[] Subjects = ["Lighthouse", "Harbour"];
    private static readonly string[] Tags = ["grader"];

    private static readonly byte[][] Images =
    [
        Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAIAAADkharWAAAAFUlEQVR42mN4VqFBEmIY1TCqATsCAI98JJD6sH7rAAAAAElFTkSuQmCC"),
        Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAwAAAAQCAIAAACtAwlQAAAAFUlEQVR42mPQyDtBEDGMKhpVRJwiACARBpCbyFTFAAAAAElFTkSuQmCC"),
    ];

    private readonly List<AddedPhoto> _photos = [];
    private JsonElement? _fetchedPhoto;
    private JsonElement? _readyPhoto;

    /// <summary>A word no gallery has, capitalised as a title word would be ("Quorvelant").</summary>
    private static string UniqueWord() =>
        "Q" + RandomNumberGenerator.GetString("aeiou", 1) + RandomNumberGenerator.GetString("bcdfghjklmnprstvz", 3) +
        RandomNumberGenerator.GetString("aeiou", 1) + RandomNumberGenerator.GetString("bcdfghjklmnprstvz", 3);

    private async Task<Outcome> AddPhotoStoresImageAsync(CancellationToken cancellationToken)
    {
        if (_token is null) return Outcome.NotRun("no ID token (the login check failed).");
        foreach (var (image, subject) in Images.Zip(Subjects))
        {
            // A second apart, so "newest first" holds even for APIs that store times to the second.
            if (_photos.Count > 0) await Task.Delay(TimeSpan.FromSeconds(1.1), cancellationToken);
            var word = UniqueWord();
            var title = $"{word} {subject}";
            var body = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                [AddPhotoRequest.TitleField.Name] = title,
                [AddPhotoRequest.DescriptionField.Name] = $"Added by the PhotoGallery grader ({_runId}).",
                [AddPhotoRequest.TagsField.Name] = Tags,
                [AddPhotoRequest.FileNameField.Name] = $"{subject.ToLowerInvariant()}.png",
                [AddPhotoRequest.ContentTypeField.Name] = "image/png",
                [AddPhotoRequest.SizeField.Name] = image.Length,
                [AddPhotoRequest.ImageField.Name] = Convert.ToBase64String(image),
            });
            var reply = await _api.SendAsync(HttpMethod.Post, "/photos", body, _token, cancellationToken: cancellationToken);
            var photoId = PhotoOf(reply)?.TryGetProperty("photoId", out var id) == true ? id.GetString() : null;
            if (reply.Status is not (200 or 201) || photoId is null)
                return Outcome.Fail($"Adding a {image.Length}-byte PNG inline should get 201 {{photo:{{photoId,…}}}}: {Seen(reply)}.");
            _photos.Add(new AddedPhoto(photoId, title, word, image));
            _created.Add($"photo {photoId} \"{title}\"");
        }
        return Outcome.Pass($"Added photos {string.Join(" and ", _photos.Select(p => p.PhotoId))}.");
    }

    private async Task<Outcome> GetPhotosListsNewestFirstAsync(CancellationToken cancellationToken)
    {
        if (_photos.Count < 2) return Outcome.NotRun("the grader's photos were not added.");
        var reply = await _api.SendAsync(HttpMethod.Get, "/photos?limit=50", token: _token, cancellationToken: cancellationToken);
        if (reply.Status != 200 || Photos(reply) is not { } photos) return Outcome.Fail($"GET /photos should get 200 {{photos:[…]}}: {Seen(reply)}.");
        var ids = photos.EnumerateArray().Select(p => p.TryGetProperty("photoId", out var id) ? id.GetString() : null).ToList();
        var (older, newer) = (ids.IndexOf(_photos[0].PhotoId), ids.IndexOf(_photos[1].PhotoId));
        if (older < 0 || newer < 0) return Outcome.Fail($"The first page of GET /photos?limit=50 should list both photos just added; it lists {ids.Count}.");
        if (newer > older) return Outcome.Fail("GET /photos lists the older photo before the newer one: sort newest first.");
        return Outcome.Pass("Both photos are listed, newest first.");
    }

    private async Task<Outcome> GetPhotosPaginatesAsync(CancellationToken cancellationToken)
    {
        if (_photos.Count < 2) return Outcome.NotRun("the grader's photos were not added.");
        var first = await _api.SendAsync(HttpMethod.Get, "/photos?limit=1", token: _token, cancellationToken: cancellationToken);
        if (Photos(first) is not { } page1 || page1.GetArrayLength() != 1)
            return Outcome.Fail($"GET /photos?limit=1 should list exactly one photo: {Seen(first)}.");
        if (first.StringProperty("nextCursor") is not { Length: > 0 } cursor)
            return Outcome.Fail("GET /photos?limit=1 on a gallery of several photos should return a nextCursor for the next page.");
        var second = await _api.SendAsync(HttpMethod.Get, $"/photos?limit=1&cursor={Uri.EscapeDataString(cursor)}", token: _token, cancellationToken: cancellationToken);
        if (Photos(second) is not { } page2 || page2.GetArrayLength() != 1)
            return Outcome.Fail($"The next page (cursor from the first) should list one photo: {Seen(second)}.");
        var id1 = page1[0].TryGetProperty("photoId", out var a) ? a.GetString() : null;
        var id2 = page2[0].TryGetProperty("photoId", out var b) ? b.GetString() : null;
        return id1 != id2
            ? Outcome.Pass("limit=1 gives one photo and the cursor leads to the next one.")
            : Outcome.Fail("The cursor led back to the same photo.");
    }

    private async Task<Outcome> GetPhotoReturnsPhotoAsync(CancellationToken cancellationToken)
    {
        if (_photos.Count == 0) return Outcome.NotRun("the grader's photos were not added.");
        var photo = _photos[0];
        var reply = await _api.SendAsync(HttpMethod.Get, $"/photos/{photo.PhotoId}", token: _token, cancellationToken: cancellationToken);
        var json = PhotoOf(reply);
        if (reply.Status != 200 || json is null) return Outcome.Fail($"GET /photos/{photo.PhotoId} should get 200 {{photo}}: {Seen(reply)}.");
        if (json.Value.TryGetProperty("title", out var title) && title.GetString() == photo.Title &&
            json.Value.TryGetProperty("photoId", out var id) && id.GetString() == photo.PhotoId)
        {
            _fetchedPhoto = json;
            return Outcome.Pass($"GET /photos/{photo.PhotoId} returned it.");
        }
        return Outcome.Fail($"GET /photos/{photo.PhotoId} returned another photo or no title: {Seen(reply)}.");
    }

    /// <summary>
    /// The owner (the grader) gets an <c>originalUrl</c> that serves the uploaded bytes; nobody else does (the
    /// original carries the camera's metadata). The images processphoto makes are the <c>images</c> section's.
    /// </summary>
    private async Task<Outcome> OriginalServedAsync(CancellationToken cancellationToken)
    {
        if (_fetchedPhoto is not { } fetched) return Outcome.NotRun("getphoto did not return the photo.");
        var photo = _photos[0];
        if (!Uri.TryCreate(StringOf(fetched, "originalUrl"), UriKind.Absolute, out var original))
            return Outcome.Fail("GET /photos/{photoId} by the photo's owner has no absolute originalUrl: the owner may download the original.");
        var reply = await _api.GetUrlAsync(original.AbsoluteUri, cancellationToken);
        if (reply.Status != 200)
            return Outcome.Fail($"The originalUrl answered {reply.Status}: it should be a presigned GET URL for the photo's original in S3.");
        if (!reply.Body.AsSpan().SequenceEqual(photo.Bytes))
            return Outcome.Fail($"The originalUrl serves {reply.Body.Length} bytes that are not the {photo.Bytes.Length} uploaded.");
        return Outcome.Pass("The owner's originalUrl serves the uploaded bytes.");
    }

    /// <summary>
    /// The grader's photos were added without a thumbnail: processphoto must make the thumbnail and the display
    /// image on S3's event, asynchronously. Waits for <c>imageState</c> to leave <c>"processing"</c>, within a bound.
    /// </summary>
    private async Task<Outcome> ImagesMadeInTimeAsync(CancellationToken cancellationToken)
    {
        if (_photos.Count == 0) return Outcome.NotRun("the grader's photos were not added.");
        var attempts = (int)Math.Ceiling(_options.ImageWait.TotalSeconds) + 1;
        return await Eventually(() => ImagesMadeAsync(_photos[0], cancellationToken), cancellationToken, attempts);
    }

    private async Task<Outcome> ImagesMadeAsync(AddedPhoto photo, CancellationToken cancellationToken)
    {
        var reply = await _api.SendAsync(HttpMethod.Get, $"/photos/{photo.PhotoId}", token: _token, cancellationToken: cancellationToken);
        if (PhotoOf(reply) is not { } json) return Outcome.Fail($"GET /photos/{photo.PhotoId} should get 200 {{photo}}: {Seen(reply)}.");
        switch (StringOf(json, "imageState"))
        {
            case "processing":
                return Outcome.Fail($"The photo's images were still being made {_options.ImageWait.TotalSeconds:0} s after the grader asked for them " +
                    "(imageState \"processing\"): is processphoto subscribed to the bucket's ObjectCreated events on photos/, and allowed to run?");
            case "failed":
                return Outcome.Fail($"processphoto could not make images of a {photo.Bytes.Length}-byte PNG: imageProblem \"{StringOf(json, "imageProblem")}\".");
            case "ready":
                foreach (var member in new[] { "thumbnailUrl", "imageUrl" })
                    if (!Uri.TryCreate(StringOf(json, member), UriKind.Absolute, out _))
                        return Outcome.Fail($"The photo is ready (imageState \"ready\") but has no absolute {member}.");
                _readyPhoto = json;
                return Outcome.Pass("The photo, added without a thumbnail, got its thumbnail and display image (imageState \"ready\").");
            default:
                return Outcome.Fail($"The photo's imageState should be \"processing\", \"ready\" or \"failed\": {Seen(reply)}.");
        }
    }

    private async Task<Outcome> ImagesServedAsJpegAsync(CancellationToken cancellationToken)
    {
        if (_readyPhoto is not { } json) return Outcome.NotRun("the photo's images were not made (images.made-in-time).");
        foreach (var member in new[] { "thumbnailUrl", "imageUrl" })
            if (await ServesJpegAsync(json, member, cancellationToken) is { } problem) return Outcome.Fail(problem);
        return Outcome.Pass("thumbnailUrl and imageUrl serve the JPEGs processphoto made.");
    }

    /// <summary>Why the URL in <paramref name="member"/> does not serve a JPEG, or <c>null</c> when it does.</summary>
    private async Task<string?> ServesJpegAsync(JsonElement photo, string member, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(StringOf(photo, member), UriKind.Absolute, out var url))
            return $"The photo is ready but has no absolute {member}.";
        var reply = await _api.GetUrlAsync(url.AbsoluteUri, cancellationToken);
        if (reply.Status != 200) return $"The {member} answered {reply.Status}: it should be a presigned GET URL for an image processphoto made.";
        return reply.Body.AsSpan().StartsWith(JpegStart)
            ? null
            : $"The {member} serves {reply.Body.Length} bytes that are not a JPEG: it should be an image processphoto made, never the original.";
    }

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

    private static string? StringOf(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<Outcome> SearchFindsByPrefixAsync(CancellationToken cancellationToken)
    {
        if (_photos.Count < 2) return Outcome.NotRun("the grader's photos were not added.");
        var (wanted, other) = (_photos[0], _photos[1]);
        var prefix = wanted.Word[..6].ToLowerInvariant();
        var reply = await _api.SendAsync(HttpMethod.Get, $"/search?q={prefix}", token: _token, cancellationToken: cancellationToken);
        if (reply.Status != 200 || Photos(reply) is not { } photos) return Outcome.Fail($"GET /search?q={prefix} should get 200 {{photos:[…]}}: {Seen(reply)}.");
        var ids = photos.EnumerateArray().Select(p => p.TryGetProperty("photoId", out var id) ? id.GetString() : null).ToList();
        if (!ids.Contains(wanted.PhotoId))
            return Outcome.Fail($"Searching \"{prefix}\" should find \"{wanted.Title}\": search must match word prefixes, ignoring case.");
        if (ids.Contains(other.PhotoId))
            return Outcome.Fail($"Searching \"{prefix}\" also returned \"{other.Title}\", which does not match.");
        return Outcome.Pass($"\"{prefix}\" found \"{wanted.Title}\" and not the other photo.");
    }

    private async Task<Outcome> SearchFindsNoNonsenseAsync(CancellationToken cancellationToken)
    {
        if (_token is null) return Outcome.NotRun("no ID token (the login check failed).");
        var nonsense = "zx" + RandomNumberGenerator.GetString("qxzjkvw", 10);
        var reply = await _api.SendAsync(HttpMethod.Get, $"/search?q={nonsense}", token: _token, cancellationToken: cancellationToken);
        if (reply.Status != 200 || Photos(reply) is not { } photos) return Outcome.Fail($"GET /search?q={nonsense} should get 200 {{photos:[]}}: {Seen(reply)}.");
        return photos.GetArrayLength() == 0
            ? Outcome.Pass("Nonsense found nothing.")
            : Outcome.Fail($"Searching \"{nonsense}\" returned {photos.GetArrayLength()} photos; it should return none.");
    }

    /// <summary>The answer, for a report; when the function refused the grader's valid token, why that happens.</summary>
    private static string Seen(Exchange reply) =>
        reply.Describe() + (reply.FunctionRefused() && reply.IsProblem()
            ? " (the function's own 401 to a valid token: the method has no Cognito authorizer, so the function gets no claims; attach the authorizer)"
            : "");

    /// <summary>The photo in a <c>{photo:{…}}</c> answer.</summary>
    private static JsonElement? PhotoOf(Exchange reply) =>
        reply.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("photo", out var photo) && photo.ValueKind == JsonValueKind.Object
            ? photo
            : null;
}
