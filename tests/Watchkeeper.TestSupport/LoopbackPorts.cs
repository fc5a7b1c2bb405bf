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
}
