using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PhotoGallery.Local;
using PhotoGallery.Local.Users;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// The local host's API gateway overhead: one host on a loopback port, 16 connections kept busy for a fixed
/// time against the static page, a 401 without a token, a 401 with an expired one and an authorized
/// <c>GET /photos/{id}</c> (plain, and asking for gzip as browsers do), each counted only when it answers the expected status
/// (with wrk, whose summary only tells 2xx and 3xx from the rest, by that count and an exactly checked request before and
/// after each run). Before any of that, in a
/// fresh process, the first authorized request after start against the median of warm ones. The load comes
/// from wrk (<see cref="Wrk"/>) when it is on PATH; otherwise from an <c>HttpClient</c> in this process, which
/// shares the cores with the host and saturates before the host does on cheap answers (the static page), so
/// that its ratios flatter the gateway. The functions' log lines (one per request, on stdout) are discarded
/// while it runs; the report goes to stdout.
/// The token is signed here with the pool's key file (plain RSA, not the host's token code), so that the
/// first authorized request finds none of the token library's code already run by this process.
/// </summary>
public static class GatewayBenchmark
{
    public const int Connections = 16;

    public static async Task RunAsync(TimeSpan duration, int wrkThreads)
    {
        var report = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            await RunAsync(duration, wrkThreads, report);
        }
        finally
        {
            Console.SetOut(report);
        }
    }

    private static async Task RunAsync(TimeSpan duration, int wrkThreads, TextWriter report)
    {
        var folder = Directory.CreateTempSubdirectory("photogallery-gateway-");
        try
        {
            await using var host = await LocalHost.StartAsync(new LocalHostOptions
            {
                Port = 0,
                DataDirectory = folder.FullName,
                FrontendDirectory = Path.Combine(RepositoryRoot(), "frontend"),
                Console = TextWriter.Null,
            });
            var user = new LocalUser("bench", Guid.NewGuid().ToString(), "Bench Mark", "bench@example.com");
            var photo = new SyntheticGallery().Next(DateTimeOffset.UtcNow) with { Owner = user.Username };
            await host.Backend.Index.SaveAsync(photo, default);
            var token = IdToken(folder.FullName, host.Backend.SigningKey.KeyId, host.Backend.Pool.Issuer, host.Backend.Pool.ClientId, user, TimeSpan.FromHours(1));
            var expiredToken = IdToken(folder.FullName, host.Backend.SigningKey.KeyId, host.Backend.Pool.Issuer, host.Backend.Pool.ClientId, user, TimeSpan.FromHours(-1));

            using var client = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Connections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
            }) { BaseAddress = host.BaseUrl };
            var page = new Target("static page `GET /index.html`", "index.html", null, HttpStatusCode.OK);
            var file = new Target("static file `GET /config.js` (no page policy)", "config.js", null, HttpStatusCode.OK);
            var refused = new Target("401 `GET /photos/{id}` without a token", $"photos/{photo.PhotoId}", null, HttpStatusCode.Unauthorized);
            var expired = new Target("401 `GET /photos/{id}` with an expired token", $"photos/{photo.PhotoId}", expiredToken, HttpStatusCode.Unauthorized);
            var authorized = new Target("authorized `GET /photos/{id}`", $"photos/{photo.PhotoId}", token, HttpStatusCode.OK);
            var compressed = new Target("authorized `GET /photos/{id}`, `Accept-Encoding: gzip` (as browsers send)", $"photos/{photo.PhotoId}", token, HttpStatusCode.OK, Gzip: true);

            // Cold first: the client's connection is opened by a static request, so what is timed is the
            // host's first authorized request (authorizer, event, function, catalog), then warm ones.
            await SendAsync(client, page);
            var first = await TimeAsync(client, authorized);
            var warm = new List<double>();
            for (var i = 0; i < 200; i++) warm.Add(await TimeAsync(client, authorized));
            warm.Sort();
            var warmMedian = warm[warm.Count / 2];

            var wrk = wrkThreads > 0 ? await Wrk.FindAsync(wrkThreads) : null;
            var targets = new[] { page, file, refused, expired, authorized, compressed };
            async Task<Load> LoadOnceAsync(Target target, TimeSpan time)
            {
                if (wrk is null) return await LoadAsync(client, target, time);
                // wrk's summary tells only 2xx and 3xx from the rest (a 404 would pass for a 401): a request whose
                // status is checked exactly goes before and after each of its runs.
                await SendAsync(client, target);
                var load = await wrk.RunAsync(host.BaseUrl, target, time);
                await SendAsync(client, target);
                return load;
            }
            // A first round, not counted, takes every path through the JIT's tiers: without it the first
            // authorized target measured (either one) came out ~40% slower than the same request measured after it.
            foreach (var target in targets) await LoadOnceAsync(target, TimeSpan.FromSeconds(1));
            var results = new List<(Target Target, Load Load)>();
            foreach (var target in targets)
            {
                await LoadOnceAsync(target, TimeSpan.FromSeconds(1)); // warm-up, not counted
                var load = await LoadOnceAsync(target, duration);
                Console.Error.WriteLine($"[benchmark] {target.Name}: {load.Rate:N0} req/s");
                results.Add((target, load));
            }

            var generator = wrk is null
                ? $"in-process `HttpClient` generator ({(wrkThreads > 0 ? "no wrk on PATH" : "--wrk-threads 0")})"
                : $"wrk {wrk.Version}, {wrk.Threads} thread{(wrk.Threads == 1 ? "" : "s")}";
            report.WriteLine($"### Local gateway ({Connections} connections, loopback, {generator}, {duration.TotalSeconds:F0} s per target after a warm-up round over all targets and 1 s warm-up)");
            report.WriteLine();
            if (wrk is not null)
            {
                report.WriteLine("| request | req/s | static page ÷ this | p50 | p99 |");
                report.WriteLine("|---|---:|---:|---:|---:|");
                foreach (var (target, load) in results)
                    report.WriteLine($"| {target.Name} | {load.Rate:N0} | {results[0].Load.Rate / load.Rate:F1}× | {load.P50} | {load.P99} |");
            }
            else
            {
                report.WriteLine("| request | req/s | static page ÷ this |");
                report.WriteLine("|---|---:|---:|");
                foreach (var (target, load) in results) report.WriteLine($"| {target.Name} | {load.Rate:N0} | {results[0].Load.Rate / load.Rate:F1}× |");
            }
            report.WriteLine();
            report.WriteLine($"First authorized request after start: {first:F1} ms; warm median {warmMedian:F2} ms " +
                $"(first − warm = {first - warmMedian:F1} ms).");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>One request to load: its path under the host, the ID token it carries (if any), the status it must get.</summary>
    internal sealed record Target(string Name, string Path, string? Token, HttpStatusCode Expected, bool Gzip = false)
    {
        public HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Path);
            if (Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            if (Gzip) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            return request;
        }
    }

    /// <summary>What one load run measured: requests per second with the expected status, latency percentiles when known.</summary>
    internal sealed record Load(double Rate, string P50 = "", string P99 = "");

    private static async Task<double> TimeAsync(HttpClient client, Target target)
    {
        var timer = Stopwatch.StartNew();
        await SendAsync(client, target);
        return timer.Elapsed.TotalMilliseconds;
    }

    private static async Task SendAsync(HttpClient client, Target target)
    {
        using var request = target.Request();
        using var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        if (response.StatusCode != target.Expected)
            throw new InvalidOperationException($"{target.Name}: expected {(int)target.Expected}, got {(int)response.StatusCode}.");
    }

    /// <summary>Requests per second answered with the expected status by <see cref="Connections"/> loops in <paramref name="duration"/>.</summary>
    private static async Task<Load> LoadAsync(HttpClient client, Target target, TimeSpan duration)
    {
        var timer = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            var count = 0L;
            while (timer.Elapsed < duration)
            {
                await SendAsync(client, target);
                count++;
            }
            return count;
        })).ToArray();
        var counts = await Task.WhenAll(loops);
        return new Load(counts.Sum() / timer.Elapsed.TotalSeconds);
    }

    /// <summary>An ID token as the local pool issues it (same claims), signed with the pool's key file.</summary>
    internal static string IdToken(string dataDirectory, string keyId, string issuer, string clientId, LocalUser user, TimeSpan lifetime)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(dataDirectory, "secrets", "token-signing-key.pem")));
        var issued = DateTimeOffset.UtcNow - (lifetime < TimeSpan.Zero ? TimeSpan.FromHours(2) : TimeSpan.Zero);
        var now = issued.ToUnixTimeSeconds();
        var header = JsonSerializer.Serialize(new Dictionary<string, string> { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = "JWT" });
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = user.Sub, ["email_verified"] = true, ["iss"] = issuer, ["cognito:username"] = user.Username,
            ["origin_jti"] = Guid.NewGuid().ToString(), ["aud"] = clientId, ["event_id"] = Guid.NewGuid().ToString(),
            ["token_use"] = "id", ["auth_time"] = now, ["name"] = user.Name, ["email"] = user.Email,
            ["jti"] = Guid.NewGuid().ToString(), ["iat"] = now, ["exp"] = (issued + lifetime.Duration()).ToUnixTimeSeconds(),
        });
        var signed = $"{Base64Url(Encoding.UTF8.GetBytes(header))}.{Base64Url(Encoding.UTF8.GetBytes(payload))}";
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "PhotoGallery.sln"))) return folder.FullName;
        throw new InvalidOperationException("Run from inside the repository (PhotoGallery.sln not found above the program).");
    }
}
