using System.Diagnostics;
using System.Text.Json;
using PhotoGallery.Core.Http;
using PhotoGallery.Core.Routing;
using PhotoGallery.Functions;
using PhotoGallery.Local;
using PhotoGallery.Local.Gateway;
using PhotoGallery.Local.Users;

namespace PhotoGallery.Benchmarks;

/// <summary>
/// Where a warm authorized <c>GET /photos/{id}</c> spends its time: each step of the local gateway called in
/// process, single-threaded, 20,000 times after 2,000 warm-up calls (the figures in docs/performance.md).
/// </summary>
public static class GatewaySteps
{
    private const int Calls = 20_000;

    public static async Task RunAsync()
    {
        var report = Console.Out;
        Console.SetOut(TextWriter.Null); // the function's log line per call
        var folder = Directory.CreateTempSubdirectory("photogallery-gateway-steps-");
        try
        {
            await using var host = await LocalHost.StartAsync(new LocalHostOptions { Port = 0, DataDirectory = folder.FullName, Console = TextWriter.Null });
            await RunAsync(host, report);
        }
        finally
        {
            Console.SetOut(report);
            folder.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(LocalHost host, TextWriter report)
    {
        var user = new LocalUser("bench", Guid.NewGuid().ToString(), "Bench Mark", "bench@example.com");
        var photo = new SyntheticGallery().Next(DateTimeOffset.UtcNow) with { Owner = user.Username };
        await host.Backend.Index.SaveAsync(photo, default);
        var authorization = "Bearer " + host.Backend.Tokens.Issue(user).IdToken;
        var authorizer = host.Backend.Authorizer();
        var functions = host.Backend.Functions();
        var route = RouteTable.All.First(r => r.Method == "GET" && r.Path == "/photos/{photoId}");
        var parameters = new Dictionary<string, string> { ["photoId"] = photo.PhotoId };
        var claims = (await authorizer.DecideAsync(authorization, default)).Claims!;
        var incoming = new IncomingRequest("GET", $"/photos/{photo.PhotoId}", "",
            [new("Host", "127.0.0.1:5080"), new("Authorization", authorization), new("Accept", "application/json")], [], "127.0.0.1", "HTTP/1.1");
        byte[] Event() => JsonSerializer.SerializeToUtf8Bytes(
            ProxyEventBuilder.Build(incoming, route, parameters, claims, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow), GalleryJson.Web.ApiRequest);
        var payload = Event();

        async Task TimeAsync(string step, Func<Task> call)
        {
            for (var i = 0; i < Calls / 10; i++) await call();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var timer = Stopwatch.StartNew();
            for (var i = 0; i < Calls; i++) await call();
            var elapsed = timer.Elapsed;
            report.WriteLine($"{step}: {elapsed.TotalMicroseconds / Calls:F1} µs, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / Calls:F1} KB allocated");
        }
        await TimeAsync("authorizer, a token it has not seen (full check: a new authorizer per call)", () => host.Backend.Authorizer().DecideAsync(authorization, default));
        var token = authorization["Bearer ".Length..];
        var signed = System.Text.Encoding.ASCII.GetBytes(token[..token.LastIndexOf('.')]);
        var signature = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token[(token.LastIndexOf('.') + 1)..]);
        var rsa = host.Backend.SigningKey.SecurityKey.Rsa;
        await TimeAsync("of which the RS256 signature check alone (RSA.VerifyData)", () =>
            Task.FromResult(rsa.VerifyData(signed, signature, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
                ? true : throw new InvalidOperationException("The token's signature does not verify.")));
        await TimeAsync("authorizer, a token it found valid before (expiry checked, claims copied)", () => authorizer.DecideAsync(authorization, default));
        await TimeAsync("proxy event built and serialized", () => Task.FromResult(Event()));
        await TimeAsync("of which built", () => Task.FromResult(
            ProxyEventBuilder.Build(incoming, route, parameters, claims, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow)));
        await TimeAsync("function through its stream entry point, response read back", async () =>
        {
            await using var output = await functions[route.Name](new MemoryStream(payload));
            await JsonSerializer.DeserializeAsync(output, GalleryJson.Web.ApiResponse);
        });
        await TimeAsync("catalog lookup (SqlitePhotoIndex.FindAsync)", () => host.Backend.Index.FindAsync(photo.PhotoId, default));

        // The log line goes to the host's stdout; here to a pipe another thread drains, as a terminal or `| tee` would.
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        using var reader = new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.In, pipe.ClientSafePipeHandle);
        var drain = reader.CopyToAsync(Stream.Null);
        Console.SetOut(TextWriter.Synchronized(new StreamWriter(pipe) { AutoFlush = true }));
        await TimeAsync("function as above, its log line written to a pipe instead of discarded", async () =>
        {
            await using var output = await functions[route.Name](new MemoryStream(payload));
            await JsonSerializer.DeserializeAsync(output, GalleryJson.Web.ApiResponse);
        });
        Console.SetOut(TextWriter.Null);
        pipe.Dispose();
        await drain;
    }
}
