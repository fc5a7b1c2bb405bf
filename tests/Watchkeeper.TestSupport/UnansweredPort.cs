using System.Net;
using System.Net.Sockets;

namespace Watchkeeper.TestSupport;

/// <summary>
/// A port on 127.0.0.1 where new TCP connections hang until the client gives up, as they do towards a host that
/// drops packets. A listener with a backlog of 0 that never accepts keeps one connection queued (this class makes it);
/// Linux then drops further SYNs while the accept queue is full.
/// </summary>
public sealed class UnansweredPort : IDisposable
{
    private readonly Socket _listener;
    private readonly Socket _filler;

    public UnansweredPort()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        _filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _filler.Connect(_listener.LocalEndPoint!);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public void Dispose()
    {
        _filler.Dispose();
        _listener.Dispose();
    }
}
