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
    private const int Senders = 16;
    private const int KillAfter = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

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
        var cutOff = 0;
        try
        {
            using var http = new HttpClient { BaseAddress = url };
            var token = await GalleryUsers.OnLocalHost(http).IdTokenOfNewUserAsync("alice");
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
            var image = TestImages.Png(64, 48);
            var giveUp = Stopwatch.StartNew();
            // Senders upload without pause until the host dies, so the kill always lands with uploads in flight.
            var senders = Enumerable.Range(0, Senders).Select(async sender =>
            {
                for (var i = 0; giveUp.Elapsed < Patience; i++)
                {
                    try
                    {
                        var response = await http.PostAsJsonAsync("/photos", new
                        {
                            title = $"Burst {sender}-{i}", fileName = "b.png", contentType = "image/png", size = image.Length, image = Convert.ToBase64String(image),
                        });
                        if (response.StatusCode == HttpStatusCode.Created)
                            acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photo").GetProperty("photoId").GetString()!);
                    }
                    catch (HttpRequestException)
                    {
                        // Cut off by the kill: not acknowledged, so nothing is promised.
                        Interlocked.Increment(ref cutOff);
                        return;
                    }
                }
            }).ToList();
            while (acknowledged.Count < KillAfter && giveUp.Elapsed < Patience) await Task.Delay(5);
            host.Kill(); // SIGKILL: no shutdown, no flush
            await host.WaitForExitAsync();
            await Task.WhenAll(senders);
        }
        finally
        {
            if (!host.HasExited) host.Kill(entireProcessTree: true);
            host.Dispose();
        }
        Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(KillAfter));
        Assert.That(cutOff, Is.EqualTo(Senders), "every sender was still uploading when the host was killed");

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
