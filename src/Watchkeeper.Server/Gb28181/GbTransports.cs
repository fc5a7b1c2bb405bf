using System.Net;
using System.Net.Sockets;
using Watchkeeper.Protocols.Sip;

namespace Watchkeeper.Server.Gb28181;

/// <summary>The way back to a device: its address on the server's UDP socket, or its TCP connection.</summary>
public interface IGbLink
{
    GbTransport Transport { get; }

    IPEndPoint Remote { get; }

    bool IsOpen { get; }

    ValueTask SendAsync(byte[] bytes, CancellationToken cancellationToken);
}

/// <summary>
/// The SIP server's UDP socket. Several receive loops share it, one per core, and each handles its datagram
/// before receiving the next, so a keepalive costs no task or buffer allocation of its own.
/// </summary>
internal sealed class GbUdpTransport(Socket socket, Func<ReadOnlyMemory<byte>, IGbLink, ValueTask> handler, ILogger logger) : IAsyncDisposable
{
    private const int MaxDatagram = 65_535;

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];

    public IPEndPoint LocalEndPoint => (IPEndPoint)socket.LocalEndPoint!;

    public static GbUdpTransport Bind(IPEndPoint endPoint, Func<ReadOnlyMemory<byte>, IGbLink, ValueTask> handler, ILogger logger)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 4 * 1024 * 1024;
        socket.Bind(endPoint);
        return new GbUdpTransport(socket, handler, logger);
    }

    public void Start(int loops)
    {
        for (var i = 0; i < Math.Max(1, loops); i++)
        {
            _loops.Add(Task.Run(ReceiveLoopAsync));
        }
    }

    public IGbLink LinkTo(IPEndPoint remote) => new UdpLink(this, remote);

    public ValueTask<int> SendToAsync(byte[] bytes, IPEndPoint remote, CancellationToken cancellationToken) =>
        socket.SendToAsync(bytes, SocketFlags.None, remote, cancellationToken);

    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram);
        var any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token);
                await handler(buffer.AsMemory(0, received.ReceivedBytes), LinkTo((IPEndPoint)received.RemoteEndPoint));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP port-unreachable from an earlier send, or an oversized datagram: nothing to answer.
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Handling a SIP datagram failed");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        socket.Dispose();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private sealed class UdpLink(GbUdpTransport transport, IPEndPoint remote) : IGbLink
    {
        public GbTransport Transport => GbTransport.Udp;

        public IPEndPoint Remote { get; } = remote;

        public bool IsOpen => true;

        public async ValueTask SendAsync(byte[] bytes, CancellationToken cancellationToken) =>
            await transport.SendToAsync(bytes, Remote, cancellationToken);
    }
}

/// <summary>
/// The SIP server's TCP listener: each connection is framed by Content-Length, answered on the same
/// connection, and closed when idle or when it breaks the framing.
/// </summary>
internal sealed class GbTcpTransport(TcpListener listener, Func<SipMessage, IGbLink, ValueTask> handler, int maxConnections, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots = new(maxConnections, maxConnections);
    private Task? _acceptLoop;

    public IPEndPoint LocalEndPoint => (IPEndPoint)listener.LocalEndpoint;

    public static GbTcpTransport Bind(IPEndPoint endPoint, Func<SipMessage, IGbLink, ValueTask> handler, int maxConnections, ILogger logger)
    {
        var listener = new TcpListener(endPoint);
        listener.Start(512);
        return new GbTcpTransport(listener, handler, Math.Max(1, maxConnections), logger);
    }

    public void Start() => _acceptLoop = Task.Run(AcceptLoopAsync);

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(_stopping.Token);
                var client = await listener.AcceptTcpClientAsync(_stopping.Token);
                _ = Task.Run(() => ServeAsync(client));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException exception)
            {
                _slots.Release();
                logger.LogWarning(exception, "Accepting a SIP TCP connection failed");
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
        var link = new TcpLink(client, remote);
        try
        {
            using var framer = new SipStreamFramer(client.GetStream());
            while (!_stopping.IsCancellationRequested)
            {
                var frame = await framer.ReadAsync(_stopping.Token);
                if (frame.Status == SipFrameStatus.Message)
                {
                    await handler(frame.Message!, link);
                }
                else if (frame.Status == SipFrameStatus.InvalidMessage)
                {
                    logger.LogWarning("Ignored an invalid SIP message on TCP from {Remote}: {Error}", remote, frame.Error?.Message);
                }
                else
                {
                    if (frame.Status == SipFrameStatus.StreamError)
                    {
                        logger.LogWarning("Closing the SIP TCP connection from {Remote}: {Error}", remote, frame.Error?.Message);
                    }

                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug("The SIP TCP connection from {Remote} ended: {Reason}", remote, exception.Message);
        }
        finally
        {
            link.Close();
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    private sealed class TcpLink(TcpClient client, IPEndPoint remote) : IGbLink
    {
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private volatile bool _open = true;

        public GbTransport Transport => GbTransport.Tcp;

        public IPEndPoint Remote { get; } = remote;

        public bool IsOpen => _open;

        public async ValueTask SendAsync(byte[] bytes, CancellationToken cancellationToken)
        {
            if (!_open)
            {
                throw new IOException($"the TCP connection from {Remote} is closed");
            }

            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                await client.GetStream().WriteAsync(bytes, cancellationToken);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        public void Close()
        {
            _open = false;
            client.Dispose();
        }
    }
}
