using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Protocols.Sip;

/// <summary>Handles one message received on a TCP connection; reply on <paramref name="connection"/>.</summary>
public delegate ValueTask SipTcpMessageHandler(SipMessage message, SipTcpConnection connection, CancellationToken cancellationToken);

public sealed record SipTcpListenerOptions
{
    /// <summary>The most open connections; a connection beyond it is closed right after it is accepted.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>
    /// Framing limits. Its IdleTimeout is how long a connection may stay silent between messages before it is
    /// closed; GB/T 28181 devices send a keepalive every 60 s by default.
    /// </summary>
    public SipFramerOptions Framer { get; init; } = SipFramerOptions.Default;

    /// <summary>The longest wait for a peer to take a write before its connection is closed.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called when a message is rejected or a connection cannot be framed any more (then it is closed).</summary>
    public Action<SipTcpConnection, Error>? OnFrameError { get; init; }

    /// <summary>Called with an exception a handler threw or a connection broke with.</summary>
    public Action<Exception>? OnError { get; init; }
}

/// <summary>
/// Accepts SIP over TCP: each connection is framed by <see cref="SipStreamFramer"/>, its messages go to the
/// handler one at a time in arrival order, and silent or misbehaving connections are closed.
/// </summary>
public sealed class SipTcpListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly SipTcpMessageHandler _handler;
    private readonly SipTcpListenerOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<IPEndPoint, SipTcpConnection> _connections = new();
    private readonly ConcurrentDictionary<Task, byte> _connectionTasks = new();
    private readonly Task _acceptLoop;

    private SipTcpListener(Socket listener, SipTcpMessageHandler handler, SipTcpListenerOptions options)
    {
        _listener = listener;
        _handler = handler;
        _options = options;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    public int ConnectionCount => _connections.Count;

    /// <summary>Binds to <paramref name="localEndPoint"/> (port 0 picks a free port) and starts accepting.</summary>
    /// <exception cref="SocketException">The address is taken or cannot be bound.</exception>
    public static SipTcpListener Start(IPEndPoint localEndPoint, SipTcpMessageHandler handler, SipTcpListenerOptions? options = null)
    {
        var socket = new Socket(localEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(localEndPoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SipTcpListener(socket, handler, options ?? new SipTcpListenerOptions());
    }

    /// <summary>
    /// Finds the open connection from <paramref name="remoteEndPoint"/>, to send a request to that device. An
    /// IPv4-mapped IPv6 address matches its IPv4 form.
    /// </summary>
    public bool TryGetConnection(IPEndPoint remoteEndPoint, out SipTcpConnection? connection) =>
        _connections.TryGetValue(Normalize(remoteEndPoint), out connection);

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Close();
        }

        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connectionTasks.Keys).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                _options.OnError?.Invoke(exception);
                continue;
            }

            if (_connections.Count >= _options.MaxConnections)
            {
                socket.Dispose();
                continue;
            }

            var connection = new SipTcpConnection(socket, _options.WriteTimeout);
            _connections[Normalize(connection.RemoteEndPoint)] = connection;
            var task = Task.Run(() => ServeAsync(connection, token), CancellationToken.None);
            _connectionTasks.TryAdd(task, 0);
            _ = task.ContinueWith(finished => _connectionTasks.TryRemove(finished, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(SipTcpConnection connection, CancellationToken token)
    {
        using var framer = new SipStreamFramer(connection.Stream, _options.Framer);
        try
        {
            while (!token.IsCancellationRequested && !connection.IsClosed)
            {
                var frame = await framer.ReadAsync(token).ConfigureAwait(false);
                switch (frame.Status)
                {
                    case SipFrameStatus.Message:
                        await HandleAsync(frame.Message!, connection, token).ConfigureAwait(false);
                        break;
                    case SipFrameStatus.InvalidMessage:
                        _options.OnFrameError?.Invoke(connection, frame.Error!);
                        break;
                    case SipFrameStatus.StreamError:
                        _options.OnFrameError?.Invoke(connection, frame.Error!);
                        return;
                    default:
                        return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException && token.IsCancellationRequested)
        {
            // The listener is stopping.
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            if (!connection.IsClosed)
            {
                _options.OnError?.Invoke(exception);
            }
        }
        finally
        {
            _connections.TryRemove(new KeyValuePair<IPEndPoint, SipTcpConnection>(Normalize(connection.RemoteEndPoint), connection));
            connection.Dispose();
        }
    }

    private static IPEndPoint Normalize(IPEndPoint endPoint) => endPoint.Address.IsIPv4MappedToIPv6
        ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port)
        : endPoint;

    private async Task HandleAsync(SipMessage message, SipTcpConnection connection, CancellationToken token)
    {
        try
        {
            await _handler(message, connection, token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
        {
            _options.OnError?.Invoke(exception);
        }
    }
}
