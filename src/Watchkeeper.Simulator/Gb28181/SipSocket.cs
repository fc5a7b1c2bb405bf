using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>A message a <see cref="SipSocket"/> received, with the address it came from.</summary>
internal readonly record struct SipInbound(SipMessage Message, IPEndPoint Remote);

/// <summary>
/// One UDP socket, or one TCP connection to the platform, shared by one device or by many device IDs in bulk mode.
/// Responses are routed to the device in their From header, requests to the device or channel in the request URI
/// (then the To header). A request for an unknown ID gets 404 Not Found.
/// </summary>
internal sealed partial class SipSocket : IAsyncDisposable
{
    private const int DatagramBufferBytes = 65_535;

    private readonly ConcurrentDictionary<string, Action<SipInbound>> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly SemaphoreSlim _tcpWriteGate = new(1, 1);
    private readonly IPEndPoint _platform;
    private readonly ILogger _logger;
    private readonly Socket? _udp;
    private Socket? _tcp;
    private Task _receiving = Task.CompletedTask;

    private SipSocket(GbTransport transport, IPEndPoint local, IPEndPoint platform, Socket? udp, ILogger logger)
    {
        Transport = transport;
        LocalEndPoint = local;
        _platform = platform;
        _udp = udp;
        _logger = logger;
    }

    public GbTransport Transport { get; }

    /// <summary>The bound address and port (the port the system chose when 0 was given).</summary>
    public IPEndPoint LocalEndPoint { get; private set; }

    /// <summary>Binds a UDP socket, or connects to the platform over TCP; fails with the address when that is impossible.</summary>
    public static async Task<Result<SipSocket>> OpenAsync(GbTransport transport, IPEndPoint local, IPEndPoint platform, ILogger logger)
    {
        if (transport == GbTransport.Udp)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(local);
            }
            catch (SocketException exception)
            {
                udp.Dispose();
                return BindFailed(local, exception);
            }

            var socket = new SipSocket(transport, (IPEndPoint)udp.LocalEndPoint!, platform, udp, logger);
            socket._receiving = Task.Run(socket.ReceiveDatagramsAsync);
            return socket;
        }

        var tcpSocket = new SipSocket(transport, local, platform, null, logger);
        var connected = await tcpSocket.ConnectAsync();
        return connected.IsSuccess ? tcpSocket : Result<SipSocket>.Failure(connected.Error!);
    }

    /// <summary>Routes messages for <paramref name="id"/> (a device or channel ID) to <paramref name="handler"/>.</summary>
    public void Route(string id, Action<SipInbound> handler) => _routes[id] = handler;

    public void RemoveRoute(string id) => _routes.TryRemove(id, out _);

    /// <summary>Sends <paramref name="bytes"/> to <paramref name="remote"/> (UDP) or on the connection; false when that failed.</summary>
    public async Task<bool> SendAsync(byte[] bytes, IPEndPoint? remote = null, CancellationToken cancellationToken = default)
    {
        try
        {
            if (_udp is not null)
            {
                await _udp.SendToAsync(bytes, SocketFlags.None, remote ?? _platform, cancellationToken);
                return true;
            }

            var connection = _tcp;
            if (connection is null || !connection.Connected)
            {
                var connected = await ConnectAsync();
                if (!connected.IsSuccess)
                {
                    return false;
                }

                connection = _tcp!;
            }

            await _tcpWriteGate.WaitAsync(cancellationToken);
            try
            {
                await connection.SendAsync(bytes, SocketFlags.None, cancellationToken);
            }
            finally
            {
                _tcpWriteGate.Release();
            }

            return true;
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            LogSendFailed(_logger, LocalEndPoint, _platform, exception.Message);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        await _closing.CancelAsync();
        _udp?.Dispose();
        _tcp?.Dispose();
        try
        {
            await _receiving;
        }
        catch (OperationCanceledException)
        {
            // The receive loop ends by cancellation.
        }

        _closing.Dispose();
    }

    private static Error BindFailed(IPEndPoint local, SocketException exception) =>
        Error.Conflict(
            "simulator.gb28181.bind_failed",
            Bilingual.Join(
                $"无法绑定 GB/T 28181 设备地址 {local}：{exception.SocketErrorCode}；请换一个地址或端口",
                $"binding the GB/T 28181 device address {local} failed with {exception.SocketErrorCode}; choose another address or port"));

    private async Task<Result> ConnectAsync()
    {
        await _connectGate.WaitAsync();
        try
        {
            if (_tcp is { Connected: true })
            {
                return Result.Success();
            }

            _tcp?.Dispose();
            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                // A reconnect binds the port of the connection before it, which may still be in TIME_WAIT.
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.Bind(LocalEndPoint);
                await tcp.ConnectAsync(_platform, _closing.Token);
            }
            catch (SocketException exception)
            {
                tcp.Dispose();
                LogConnectFailed(_logger, LocalEndPoint, _platform, exception.SocketErrorCode.ToString());
                return Error.Conflict(
                    "simulator.gb28181.connect_failed",
                    Bilingual.Join(
                        $"GB/T 28181 设备无法连接平台 {_platform}：{exception.SocketErrorCode}",
                        $"the GB/T 28181 device could not connect to the platform at {_platform}: {exception.SocketErrorCode}"));
            }

            _tcp = tcp;
            LocalEndPoint = (IPEndPoint)tcp.LocalEndPoint!;
            var previous = _receiving;
            _receiving = Task.Run(async () =>
            {
                await ReceiveStreamAsync(tcp);
                await previous;
            });
            return Result.Success();
        }
        catch (OperationCanceledException)
        {
            return Error.Conflict("simulator.gb28181.closed", Bilingual.Join("GB/T 28181 设备已停止", "the GB/T 28181 device has stopped"));
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task ReceiveDatagramsAsync()
    {
        var buffer = new byte[DatagramBufferBytes];
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (!_closing.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp!.ReceiveFromAsync(buffer, SocketFlags.None, any, _closing.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                // An ICMP port unreachable from an earlier send surfaces here on Linux, and the socket stays usable.
                LogReceiveFailed(_logger, LocalEndPoint, exception.SocketErrorCode.ToString());
                continue;
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            var message = SipParser.ParseDatagram(buffer.AsSpan(0, received.ReceivedBytes), out var error);
            if (message is null)
            {
                LogUnreadable(_logger, LocalEndPoint, remote, error ?? "unknown");
                continue;
            }

            Dispatch(new SipInbound(message, remote));
        }
    }

    private async Task ReceiveStreamAsync(Socket connection)
    {
        var framer = new SipTcpFramer();
        var buffer = new byte[16 * 1024];
        var remote = _platform;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var count = await connection.ReceiveAsync(buffer, SocketFlags.None, _closing.Token);
                if (count == 0)
                {
                    LogConnectionClosed(_logger, LocalEndPoint, remote);
                    return;
                }

                framer.Append(buffer.AsSpan(0, count));
                string? error;
                while (framer.TryTake(out var message, out error))
                {
                    Dispatch(new SipInbound(message!, remote));
                }

                if (error is not null)
                {
                    LogUnreadable(_logger, LocalEndPoint, remote, error);
                    connection.Dispose();
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            // Closed by DisposeAsync or after a framing error.
        }
        catch (SocketException exception)
        {
            LogReceiveFailed(_logger, LocalEndPoint, exception.SocketErrorCode.ToString());
        }
    }

    private void Dispatch(SipInbound inbound)
    {
        var message = inbound.Message;
        var target = message.IsRequest
            ? SipUris.User(message.RequestUri) is { } user && _routes.ContainsKey(user) ? user : SipUris.User(message.Header("To"))
            : SipUris.User(message.Header("From"));

        if (target is not null && _routes.TryGetValue(target, out var handler))
        {
            handler(inbound);
            return;
        }

        LogNoRoute(_logger, LocalEndPoint, message.ToString(), target ?? "(none)");
        if (message.IsRequest && message.Method != "ACK")
        {
            var notFound = SipResponses.Create(message, 404, "Not Found", toTag: SipUris.NewToken());
            _ = SendAsync(notFound.ToBytes(), inbound.Remote);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GB/T 28181 socket {Local} could not send to {Platform}: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, IPEndPoint local, IPEndPoint platform, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GB/T 28181 socket {Local} could not connect to {Platform}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, IPEndPoint local, IPEndPoint platform, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GB/T 28181 socket {Local} receive failed: {Reason}; it keeps receiving")]
    private static partial void LogReceiveFailed(ILogger logger, IPEndPoint local, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GB/T 28181 socket {Local} dropped an unreadable message from {Remote}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, IPEndPoint local, IPEndPoint remote, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 socket {Local}: the platform {Remote} closed the connection")]
    private static partial void LogConnectionClosed(ILogger logger, IPEndPoint local, IPEndPoint remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GB/T 28181 socket {Local}: no device for {Message} to {Target}")]
    private static partial void LogNoRoute(ILogger logger, IPEndPoint local, string message, string target);
}
