using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Watchkeeper.Simulator.Networking;

/// <summary>
/// A TCP listener that reads RTSP or HTTP requests and writes the handler's responses, on async sockets with
/// one task (not one thread) per connection.
/// </summary>
/// <remarks>
/// RTSP/1.0 shares HTTP/1.1's message syntax (RFC 2326 §4), so one small loop serves both. Raw sockets rather than
/// Kestrel keep a device's power switch cheap and exact: stopping closes this one listening socket and its
/// connections, while the other devices' listeners in the same process carry on.
/// </remarks>
internal sealed partial class MessageServer : SocketEndpoint
{
    private readonly IMessageHandler _handler;
    private readonly MessageServerOptions _options;
    private readonly ConnectionTracker _connections = new();
    private long _requestsHandled;

    public MessageServer(EndpointBinding binding, IMessageHandler handler, MessageServerOptions options, ILogger logger)
        : base(binding, logger)
    {
        _handler = handler;
        _options = options;
    }

    public long RequestsHandled => Interlocked.Read(ref _requestsHandled);

    public int OpenConnections => _connections.Count;

    // No ReuseAddress option: on Linux .NET 10 sets it as SO_REUSEADDR plus SO_REUSEPORT, which would let a second
    // simulator listen on the same port unnoticed. A device that was just powered off binds again without it while
    // its old connections sit in TIME_WAIT (checked on Linux with .NET 10).
    private protected override Socket CreateSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    private protected override void Listen(Socket socket) => socket.Listen(_options.Backlog);

    private protected override Task ServeAsync(Socket socket, CancellationToken stopping) => AcceptLoopAsync(socket, stopping);

    private protected override Task CloseConnectionsAsync()
    {
        _connections.AbortAll();
        return _connections.WhenAllClosedAsync();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        var rejectedSinceLog = 0;
        var lastRejectLog = long.MinValue;
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception exception) when (stopping.IsCancellationRequested && exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                // Out of file descriptors or memory: back off instead of spinning on the same error.
                LogAcceptFailed(Logger, exception, Binding.DeviceCode, Binding.Service, Binding.EndPoint);
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
                continue;
            }

            if (_connections.Count >= _options.MaxConnections)
            {
                client.Close(0);
                rejectedSinceLog++;
                // At most one warning a minute, with the count since the last one.
                if (Environment.TickCount64 - lastRejectLog > 60_000)
                {
                    LogConnectionsRejected(Logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint, rejectedSinceLog, _options.MaxConnections);
                    rejectedSinceLog = 0;
                    lastRejectLog = Environment.TickCount64;
                }

                continue;
            }

            client.NoDelay = true;
            _connections.Track(client, () => ServeConnectionAsync(client, stopping));
        }
    }

    private async Task ServeConnectionAsync(Socket client, CancellationToken stopping)
    {
        IPEndPoint remote;
        try
        {
            remote = (IPEndPoint)client.RemoteEndPoint!;
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
        {
            // The server stopped, or the client left, between the accept and this task's start.
            client.Dispose();
            return;
        }

        await using var stream = new NetworkStream(client, ownsSocket: true);
        await using var connection = new MessageConnection(client, stream);
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);

        // An RTSP client that plays over the connection may send nothing but RTCP reports for a while. Each report
        // shows that it is alive, as a request would (RFC 2326 §12.37).
        Action? onInterleaved = _handler.Protocol == MessageProtocol.Rtsp ? () => timeout.CancelAfter(_options.RequestTimeout) : null;
        var reader = new MessageReader(pipe, remote, _options.Limits, onInterleaved);

        try
        {
            while (true)
            {
                timeout.CancelAfter(_options.RequestTimeout);
                var exchange = await ExchangeAsync(reader, connection, timeout.Token);
                if (!exchange)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            LogConnectionTimedOut(Logger, Binding.DeviceCode, Binding.Service, remote, _options.RequestTimeout);
        }
        catch (OperationCanceledException)
        {
            // The endpoint is stopping (power off): the connection is dropped without a response.
        }
        catch (Exception exception) when (stopping.IsCancellationRequested && exception is IOException or SocketException or ObjectDisposedException)
        {
            // The endpoint closed this socket while stopping.
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            LogConnectionFailed(Logger, Binding.DeviceCode, Binding.Service, remote, exception.Message);
        }
        catch (Exception exception)
        {
            LogHandlerFailed(Logger, exception, Binding.DeviceCode, Binding.Service, remote);
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    /// <summary>Reads one request and writes its response; returns false when the connection should close.</summary>
    private async Task<bool> ExchangeAsync(MessageReader reader, MessageConnection connection, CancellationToken cancellationToken)
    {
        MessageRequest request;
        try
        {
            var head = await reader.ReadHeadAsync(cancellationToken);
            if (head is null)
            {
                return false;
            }

            if (ExpectsContinue(head))
            {
                await connection.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
            }

            var body = await reader.ReadBodyAsync(head.ContentLength, cancellationToken);
            request = reader.ToRequest(head, body, connection);
        }
        catch (MessageFormatException exception)
        {
            LogBadRequest(Logger, Binding.DeviceCode, Binding.Service, exception.StatusCode, exception.Message);
            var error = new MessageResponse(exception.StatusCode, exception.ReasonPhrase) { CloseConnection = true };
            if (_handler.Protocol == MessageProtocol.Http)
            {
                error.WithHeader("Connection", "close");
            }

            await WriteAsync(connection, error, cancellationToken);
            return false;
        }

        var response = UnsupportedVersion(request) ?? await HandleAsync(request, cancellationToken);
        Interlocked.Increment(ref _requestsHandled);

        var close = response.CloseConnection || ClientClosesAfter(request);
        if (close && _handler.Protocol == MessageProtocol.Http)
        {
            response.WithHeader("Connection", "close");
        }
        else if (request.Version == "HTTP/1.0")
        {
            response.WithHeader("Connection", "keep-alive");
        }

        await WriteAsync(connection, response, cancellationToken);
        if (!close)
        {
            response.AfterSent?.Invoke();
        }

        return !close;
    }

    /// <summary>Runs the handler; a handler that throws is a bug, logged and answered with 500 before the connection closes.</summary>
    private async ValueTask<MessageResponse> HandleAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _handler.HandleAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogHandlerFailed(Logger, exception, Binding.DeviceCode, Binding.Service, request.RemoteEndPoint);
            var response = new MessageResponse(500, "Internal Server Error") { CloseConnection = true };
            if (request.Headers.Get("CSeq") is { } sequence)
            {
                response.WithHeader("CSeq", sequence);
            }

            return response;
        }
    }

    private async Task WriteAsync(MessageConnection connection, MessageResponse response, CancellationToken cancellationToken)
    {
        var version = _handler.Protocol == MessageProtocol.Rtsp ? "RTSP/1.0" : "HTTP/1.1";
        var head = response.SerializeHead(version);
        if (response.OmitBody || response.Body.IsEmpty)
        {
            await connection.WriteAsync(head, cancellationToken);
            return;
        }

        // One write, so that interleaved media cannot land between the head and the body.
        var whole = new byte[head.Length + response.Body.Length];
        head.CopyTo(whole, 0);
        response.Body.CopyTo(whole.AsMemory(head.Length));
        await connection.WriteAsync(whole, cancellationToken);
    }

    private MessageResponse? UnsupportedVersion(MessageRequest request)
    {
        var supported = _handler.Protocol == MessageProtocol.Rtsp
            ? request.Version == "RTSP/1.0"
            : request.Version is "HTTP/1.1" or "HTTP/1.0";
        if (supported)
        {
            return null;
        }

        var reason = _handler.Protocol == MessageProtocol.Rtsp ? "RTSP Version Not Supported" : "HTTP Version Not Supported";
        var response = new MessageResponse(505, reason) { CloseConnection = true };
        if (request.Headers.Get("CSeq") is { } sequence)
        {
            response.WithHeader("CSeq", sequence);
        }

        return response;
    }

    private bool ExpectsContinue(MessageHead head) =>
        _handler.Protocol == MessageProtocol.Http
        && head.Version == "HTTP/1.1"
        && head.ContentLength > 0
        && head.Headers.HasToken("Expect", "100-continue");

    private static bool ClientClosesAfter(MessageRequest request) =>
        request.Headers.HasToken("Connection", "close")
        || (request.Version == "HTTP/1.0" && !request.Headers.HasToken("Connection", "keep-alive"));
}
