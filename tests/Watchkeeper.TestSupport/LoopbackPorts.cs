using System.Net;
using System.Net.Sockets;

namespace Watchkeeper.TestSupport;

/// <summary>Free ports on the loopback network for test servers.</summary>
public static class LoopbackPorts
{
    /// <summary>Returns a TCP port that was free on 127.0.0.1 a moment ago.</summary>
    public static int FreeTcpPort(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Returns a UDP port that was free on 127.0.0.1 a moment ago.</summary>
    public static int FreeUdpPort(IPAddress? address = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address ?? IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>
    /// Returns a port below 10000 that was free for UDP and TCP on 127.0.0.1 a moment ago: sipsak cuts a
    /// five-digit port in a URI to four digits.
    /// </summary>
    public static int FreeFourDigitPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(2000, 10_000);
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        throw new InvalidOperationException("No free port between 2000 and 9999 on 127.0.0.1 after 200 attempts.");
    }
}
