using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PhotoGallery.Emulators;

/// <summary>Free ports of 127.0.0.1 for the emulators, and the wait until an emulator listens on its own.</summary>
internal static class LoopbackPorts
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // The port is free now; another program could take it before the emulator binds it, which is unlikely
    // enough on a test machine that a clear start-up error is the right answer.
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Uri Url(int port) => new($"http://127.0.0.1:{port}/");

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    public static async Task WaitForPortAsync(ChildProcess server, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (server.HasExited)
                throw new InvalidOperationException($"{server.Name} stopped while starting:\n{server.Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (SocketException)
            {
                throw new TimeoutException($"{server.Name} did not listen on port {port} within {StartTimeout.TotalSeconds} s:\n{server.Output}");
            }
        }
    }
}
