using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using NUnit.Framework;
using PhotoGallery.Local.Storage;
using PhotoGallery.Emulators;

namespace PhotoGallery.Adapters.Tests.Aws;

/// <summary>
/// The whole API walk through the local gateway with <c>--backend aws</c>: the real program, its functions
/// built by their Lambda constructors from environment variables, the authorizer checking the user pool's
/// own keys, S3, DynamoDB and Cognito played by the emulators.
/// </summary>
[Category(TestCategories.Emulators)]
public sealed partial class WholeStackTests
{
    [Test]
    public async Task WholeApi_OnTheAwsAdapters_EveryStepAnswersAsDocumented()
    {
        var emulators = Emulators.Running;
        var names = $"stack{Guid.NewGuid():N}"[..20];
        await emulators.CreateBucketAsync(names, default);
        await emulators.CreateTableAsync(names, default);
        var pool = await emulators.CreateUserPoolAsync(names, withSecret: false, default);
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = EmulatorSet.Region,
            ["AWS_ACCESS_KEY_ID"] = EmulatorSet.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = EmulatorSet.SecretKey,
            ["PHOTOS_BUCKET"] = names,
            ["PHOTOS_TABLE"] = names,
            ["USER_POOL_ID"] = pool.UserPoolId,
            ["USER_POOL_CLIENT_ID"] = pool.ClientId,
            ["AWS_ENDPOINT_URL_S3"] = emulators.S3Url.ToString(),
            ["AWS_ENDPOINT_URL_DYNAMODB"] = emulators.DynamoDbUrl.ToString(),
            ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] = emulators.CognitoUrl.ToString(),
        };
        await using var host = await HostProcess.StartAsync(environment);
        using var http = new HttpClient { BaseAddress = host.Url };

        // signup (201) → confirmemail (200; cognito-local sends every user the same code) → login (200)
        var token = await GalleryUsers.WithCode(http, EmulatorSet.ConfirmationCode).IdTokenOfNewUserAsync("walker", "Walk-th3-line!", "Wally Walker");
        // Cognito's own issuer form, not the emulator's address: the authorizer must read it from the pool.
        Assert.That(new JsonWebToken(token).Issuer, Is.EqualTo(EmulatorSet.Issuer(pool.UserPoolId)));

        // without a token the authorizer refuses; with one the functions answer
        Assert.That((await http.GetAsync("/photos")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);

        // addphoto inline → getphotos → getphoto → its owner's originalUrl (an S3 presigned GET) serves the same bytes;
        // the grid's links are processphoto's images, never the original
        var small = TestImages.Png(bytes: 300);
        var added = await http.PostAsJsonAsync("/photos", new
        {
            title = "Harbour at Dawn", fileName = "harbour.png", contentType = "image/png", size = small.Length, image = Convert.ToBase64String(small),
        });
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created), await added.Content.ReadAsStringAsync());
        var smallId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photo").GetProperty("photoId").GetString();
        var list = await http.GetFromJsonAsync<JsonElement>("/photos?limit=10");
        Assert.That(list.GetProperty("photos")[0].GetProperty("photoId").GetString(), Is.EqualTo(smallId));
        var photo = (await http.GetFromJsonAsync<JsonElement>($"/photos/{smallId}")).GetProperty("photo");
        using (var anonymous = new HttpClient())
            Assert.That(await anonymous.GetByteArrayAsync(photo.GetProperty("originalUrl").GetString()), Is.EqualTo(small));
        foreach (var member in new[] { "imageUrl", "thumbnailUrl" })
            Assert.That(list.GetProperty("photos")[0].GetProperty(member).GetString() ?? "", Does.Not.Contain("/original."), member);

        // addphoto presigned → POST the form straight to S3 → complete
        var large = TestImages.Png(bytes: 5 * 1024 * 1024 + 17);
        var started = await http.PostAsJsonAsync("/photos", new { title = "Glacier Panorama", fileName = "glacier.png", contentType = "image/png", size = large.Length });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        var pending = await started.Content.ReadFromJsonAsync<JsonElement>();
        using (var storage = new HttpClient())
        {
            var posted = await storage.SendAsync(UploadForm.Request(pending.GetProperty("upload"), large, "glacier.png"));
            Assert.That(posted.IsSuccessStatusCode, Is.True, await posted.Content.ReadAsStringAsync());
        }
        var largeId = pending.GetProperty("photo").GetProperty("photoId").GetString();
        var complete = await http.PostAsJsonAsync("/photos", new { photoId = largeId, complete = true });
        Assert.That(complete.StatusCode, Is.EqualTo(HttpStatusCode.OK), await complete.Content.ReadAsStringAsync());

        // search by a lower-case prefix of a title word finds it
        var found = await http.GetFromJsonAsync<JsonElement>("/search?q=glac");
        Assert.That(found.GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("photoId").GetString()), Is.EqualTo(new[] { largeId }));
        Assert.That(host.Output, Does.Contain("on the AWS adapters"));
    }

    [Test]
    public async Task Program_AwsBackendWithoutConfiguration_ExitsNamingTheVariable()
    {
        var environment = new Dictionary<string, string> { ["AWS_REGION"] = EmulatorSet.Region };

        var (exit, error) = await HostProcess.RunToExitAsync(environment);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("Missing configuration: set the environment variable"));
    }

    /// <summary>The local host program, started as a student would start it, on a free loopback port.</summary>
    private sealed partial class HostProcess(Process process, Uri url, string banner) : IAsyncDisposable
    {
        public Uri Url { get; } = url;
        public string Output { get; } = banner;

        public static async Task<HostProcess> StartAsync(Dictionary<string, string> environment)
        {
            var process = Process.Start(StartInfo(environment))!;
            var banner = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                banner.Add(line);
                if (line.Contains("Ctrl+C", StringComparison.Ordinal)) break;
            }
            var text = string.Join('\n', banner);
            var url = UrlPattern().Match(text);
            if (!url.Success)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"The local host did not start:\n{text}\n{await process.StandardError.ReadToEndAsync()}");
            }
            return new HostProcess(process, new Uri(url.Value), text);
        }

        public static async Task<(int Exit, string Error)> RunToExitAsync(Dictionary<string, string> environment)
        {
            using var process = Process.Start(StartInfo(environment))!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, error);
        }

        private static ProcessStartInfo StartInfo(Dictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PhotoGallery.Local.dll"), "--backend", "aws", "--port", "0" })
                start.ArgumentList.Add(argument);
            foreach (var name in new[] { "PHOTOS_BUCKET", "PHOTOS_TABLE", "USER_POOL_ID", "USER_POOL_CLIENT_ID", "AWS_ENDPOINT_URL" })
                start.Environment.Remove(name);
            foreach (var (name, value) in environment) start.Environment[name] = value;
            return start;
        }

        public async ValueTask DisposeAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        [GeneratedRegex(@"http://127\.0\.0\.1:[0-9]+")]
        private static partial Regex UrlPattern();
    }
}
