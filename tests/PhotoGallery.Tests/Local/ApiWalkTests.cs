using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using PhotoGallery.Local.Storage;
using PhotoGallery.Tests.Support;

namespace PhotoGallery.Tests.Local;

/// <summary>The whole API, over HTTP, against a running local host, the way a student walks it with curl.</summary>
public sealed class ApiWalkTests
{
    [Test]
    public async Task WholeApi_SignUpToSearch_EveryStepAnswersAsDocumented()
    {
        await using var host = await RunningHost.StartAsync();
        var http = host.Http;

        // signup (201) → the code arrives in the outbox → confirmemail (200) → login (200)
        var token = await host.Users.IdTokenOfNewUserAsync("walker", "Walk-th3-line!", "Wally Walker");
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);

        // addphoto inline → getphotos → getphoto → its original, then its display image once made
        var small = TestImages.Png(12, 8);
        var added = await http.PostAsJsonAsync("/photos", new
        {
            title = "Harbour at Dawn", description = "Boats", tags = new[] { "sea" }, fileName = "harbour.png",
            contentType = "image/png", size = small.Length, image = Convert.ToBase64String(small),
        });
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var smallId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photo").GetProperty("photoId").GetString();
        var list = await http.GetFromJsonAsync<JsonElement>("/photos?limit=10");
        Assert.That(list.GetProperty("photos")[0].GetProperty("photoId").GetString(), Is.EqualTo(smallId));
        var photo = (await http.GetFromJsonAsync<JsonElement>($"/photos/{smallId}")).GetProperty("photo");
        using (var anonymous = new HttpClient())
        {
            // The owner's originalUrl serves what was uploaded; processphoto makes the images on the storage event.
            Assert.That(await anonymous.GetByteArrayAsync(photo.GetProperty("originalUrl").GetString()), Is.EqualTo(small));
            var ready = await ReadyAsync(http, smallId!);
            var display = await anonymous.GetByteArrayAsync(ready.GetProperty("imageUrl").GetString());
            Assert.That(display.Take(3), Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }), "the display image is a JPEG");
        }

        // addphoto presigned → POST the form (its fields, then the bytes) to the upload URL → complete
        var large = TestImages.Png(64, 64, bytes: 5 * 1024 * 1024);
        var started = await http.PostAsJsonAsync("/photos", new
        {
            title = "Glacier Panorama", fileName = "glacier.png", contentType = "image/png", size = large.Length,
        });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var pending = await started.Content.ReadFromJsonAsync<JsonElement>();
        using (var storage = new HttpClient())
        {
            var stored = await storage.SendAsync(UploadForm.Request(pending.GetProperty("upload"), large, "glacier.png"));
            Assert.That(stored.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await stored.Content.ReadAsStringAsync());
        }
        var largeId = pending.GetProperty("photo").GetProperty("photoId").GetString();
        var complete = await http.PostAsJsonAsync("/photos", new { photoId = largeId, complete = true });
        Assert.That(complete.StatusCode, Is.EqualTo(HttpStatusCode.OK), await complete.Content.ReadAsStringAsync());

        // search by a lower-case prefix of a title word finds it
        var found = await http.GetFromJsonAsync<JsonElement>("/search?q=glac");
        Assert.That(found.GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("photoId").GetString()), Is.EqualTo(new[] { largeId }));
        var both = await http.GetFromJsonAsync<JsonElement>("/photos");
        Assert.That(both.GetProperty("photos").GetArrayLength(), Is.EqualTo(2));
    }

    /// <summary>The photo once its images are ready (the local host makes them within a second or two of the upload).</summary>
    private static async Task<JsonElement> ReadyAsync(HttpClient http, string photoId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var photo = (await http.GetFromJsonAsync<JsonElement>($"/photos/{photoId}")).GetProperty("photo");
            var state = photo.GetProperty("imageState").GetString();
            if (state != "processing")
            {
                Assert.That(state, Is.EqualTo("ready"), photo.ToString());
                return photo;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"photo {photoId} was still processing after 10 s");
        return default;
    }
}
