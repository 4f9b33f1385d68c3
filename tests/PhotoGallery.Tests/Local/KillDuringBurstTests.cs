using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace PhotoGallery.Tests.Local;

/// <summary>
/// Durability: the host is killed (SIGKILL, no shutdown) in the middle of a burst of uploads, then started
/// again on the same data folder. Every photo it acknowledged with a 201 is still there, whole.
/// </summary>
public sealed partial class KillDuringBurstTests
{
    private const int Burst = 200;

    private static async Task<(Process Process, Uri Url)> StartAsync(string data)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "PhotoGallery.Local.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{program}\" --port 0 --data \"{data}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Uri? url = null;
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (url is null && UrlPattern().Match(line) is { Success: true } match) url = new Uri(match.Value);
            if (line.Contains("Ctrl+C", StringComparison.Ordinal) && url is not null) return (process, url);
        }
        throw new AssertionException("The host printed no URL.");
    }

    [Test]
    public async Task Host_KilledMidBurst_EveryAcknowledgedPhotoSurvivesTheRestart()
    {
        using var folder = new TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        var (host, url) = await StartAsync(data);
        var acknowledged = new ConcurrentBag<string>();
        try
        {
            using var http = new HttpClient { BaseAddress = url };
            var token = await GalleryUsers.OnLocalHost(http).IdTokenOfNewUserAsync("alice");
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
            var image = TestImages.Png(64, 48);
            var uploads = Enumerable.Range(0, Burst).Select(async i =>
            {
                try
                {
                    var response = await http.PostAsJsonAsync("/photos", new
                    {
                        title = $"Burst {i}", fileName = "b.png", contentType = "image/png", size = image.Length, image = Convert.ToBase64String(image),
                    });
                    if (response.StatusCode == HttpStatusCode.Created)
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photo").GetProperty("photoId").GetString()!);
                }
                catch (HttpRequestException)
                {
                    // Cut off by the kill: not acknowledged, so nothing is promised.
                }
            }).ToList();
            var deadline = Stopwatch.StartNew();
            while (acknowledged.Count < 10 && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(5);
            host.Kill(); // SIGKILL: no shutdown, no flush
            await host.WaitForExitAsync();
            await Task.WhenAll(uploads);
        }
        finally
        {
            if (!host.HasExited) host.Kill(entireProcessTree: true);
            host.Dispose();
        }
        Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(10));
        Assert.That(acknowledged, Has.Count.LessThan(Burst), "the kill came after the burst, not in the middle of it");

        var (restarted, again) = await StartAsync(data);
        try
        {
            using var http = new HttpClient { BaseAddress = again };
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", await GalleryUsers.OnLocalHost(http).IdTokenAsync("alice"));
            foreach (var photoId in acknowledged)
            {
                var response = await http.GetAsync($"/photos/{photoId}");
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"acknowledged photo {photoId} was lost");
            }
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
            restarted.Dispose();
        }
    }

    [GeneratedRegex(@"http://[0-9a-z.\[\]:]+:[0-9]+")]
    private static partial Regex UrlPattern();
}
