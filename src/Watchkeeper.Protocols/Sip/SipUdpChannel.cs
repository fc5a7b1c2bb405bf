using System.Net;
using System.Net.Sockets;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// Handles one received datagram. The bytes are valid only until the returned task completes (the receive
/// buffer is reused), so parse them before returning, as <see cref="SipParser"/> does.
/// </summary>
public delegate ValueTask SipDatagramHandler(ReadOnlyMemory<byte> datagram, IPEndPoint remoteEndPoint, CancellationToken cancellationToken);

public sealed record SipUdpChannelOptions
{
    /// <summary>Concurrent receive loops; each handles its datagrams one at a time.</summary>
    public int ReceiveLoops { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>The socket receive buffer (SO_RCVBUF) that absorbs bursts; the kernel may cap it (net.core.rmem_max).</summary>
    public int SocketReceiveBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Called with an exception that a handler threw or a receive failed with; the loop goes on.</summary>
    public Action<Exception>? OnError { get; init; }
}

/// <summary>
/// A bound UDP socket for SIP: receive loops call a handler with each datagram and its source, and
/// <see cref="SendAsync"/> sends responses and requests from the same port, as devices behind NAT need.
/// </summary>
public sealed class SipUdpChannel : IAsyncDisposable
{
    /// <summary>The largest UDP payload, so each receive buffer takes any datagram whole.</summary>
    public const int MaxDatagramBytes = 65_535;

    private readonly Socket _socket;
    private readonly SipDatagramHandler _handler;
    private readonly SipUdpChannelOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _loops;

    private SipUdpChannel(Socket socket, SipDatagramHandler handler, SipUdpChannelOptions options)
    {
        _socket = socket;
        _handler = handler;
        _options = options;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _loops = new Task[Math.Max(1, options.ReceiveLoops)];
        for (var i = 0; i < _loops.Length; i++)
        {
            _loops[i] = Task.Run(ReceiveLoopAsync);
        }
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds to <paramref name="localEndPoint"/> (port 0 picks a free port) and starts receiving.</summary>
    /// <exception cref="SocketException">The address is taken or cannot be bound.</exception>
    public static SipUdpChannel Start(IPEndPoint localEndPoint, SipDatagramHandler handler, SipUdpChannelOptions? options = null)
    {
        options ??= new SipUdpChannelOptions();
        var socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = options.SocketReceiveBufferBytes;
            socket.Bind(localEndPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SipUdpChannel(socket, handler, options);
    }

    /// <exception cref="SocketException">The send failed.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        await _socket.SendToAsync(datagram, SocketFlags.None, remoteEndPoint, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramBytes, pinned: true);
        var address = new SocketAddress(_socket.AddressFamily);
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, address, token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                // On some systems an ICMP port-unreachable for an earlier send surfaces here; the socket stays usable.
                _options.OnError?.Invoke(exception);
                continue;
            }

            var remote = (IPEndPoint)LocalEndPoint.Create(address);
            try
            {
                await _handler(buffer.AsMemory(0, length), remote, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _options.OnError?.Invoke(exception);
            }
        }
    }
}
