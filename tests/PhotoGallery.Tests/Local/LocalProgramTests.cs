using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace PhotoGallery.Tests.Local;

/// <summary>The host as a student starts it: the real program, its console output, its options.</summary>
public sealed partial class LocalProgramTests
{
    private static Process Start(string arguments, string workingDirectory)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "PhotoGallery.Local.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{program}\" {arguments}")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        return process;
    }

    [Test]
    public async Task Program_Started_PrintsUrlAndDataFolderAndServesTheApi()
    {
        using var folder = new TempDirectory();
        var data = Path.Combine(folder.Path, "my-data");
        using var process = Start($"--port 0 --data \"{data}\"", folder.Path);
        try
        {
            var banner = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                banner.Add(line);
                if (line.Contains("Ctrl+C", StringComparison.Ordinal)) break;
            }
            var text = string.Join('\n', banner);
            Assert.That(text, Does.Contain(data), "says where the data lives");
            var url = UrlPattern().Match(text).Value;
            Assert.That(url, Is.Not.Empty, text);

            using var http = new HttpClient();
            var response = await http.GetAsync($"{url}/photos");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(Directory.Exists(data), Is.True);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Test]
    public async Task Program_FrontendFolderMissing_ExitsWithAClearMessage()
    {
        using var folder = new TempDirectory();
        using var process = Start("--port 0 --frontend no-such-folder", folder.Path);

        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("no-such-folder"));
    }

    [Test]
    public async Task Program_PortInUse_ExitsWithAClearMessage()
    {
        using var folder = new TempDirectory();
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var process = Start($"--port {port} --data data", folder.Path);

            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.That(process.ExitCode, Is.EqualTo(1));
            Assert.That(error, Does.Contain($"Port {port} is already in use"));
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            listener.Stop();
        }
    }

    [GeneratedRegex(@"http://[0-9a-z.\[\]:]+:[0-9]+")]
    private static partial Regex UrlPattern();
}
