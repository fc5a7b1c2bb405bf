using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Watchkeeper.Core.Results;

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
internal sealed partial class MessageServer : IDeviceEndpoint
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly IMessageHandler _handler;
    private readonly MessageServerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly ConnectionTracker _connections = new();

    private Socket? _listener;
    private CancellationTokenSource? _stopping;
    private Task? _acceptLoop;
    private long _requestsHandled;

    public MessageServer(EndpointBinding binding, IMessageHandler handler, MessageServerOptions options, ILogger logger)
    {
        Binding = binding;
        _handler = handler;
        _options = options;
        _logger = logger;
    }

    public EndpointBinding Binding { get; }

    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _listener is not null;
            }
        }
    }

    public long RequestsHandled => Interlocked.Read(ref _requestsHandled);

    public int OpenConnections => _connections.Count;

    public Result Start()
    {
        lock (_lock)
        {
            if (_listener is not null)
            {
                return Result.Success();
            }

            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                // SO_REUSEADDR lets a device that was just powered off listen again while its old connections sit
                // in TIME_WAIT; on Linux it never lets two listeners share a port.
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Bind(Binding.EndPoint);
                listener.Listen(_options.Backlog);
            }
            catch (SocketException exception)
            {
                listener.Dispose();
                LogBindFailed(_logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint, exception.SocketErrorCode);
                return Result.Failure(BindErrors.From(exception, Binding));
            }

            _listener = listener;
            _stopping = new CancellationTokenSource();
            _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
        }

        LogListening(_logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint);
        return Result.Success();
    }

    public async Task StopAsync()
    {
        Socket? listener;
        CancellationTokenSource? stopping;
        Task? acceptLoop;
        lock (_lock)
        {
            listener = _listener;
            stopping = _stopping;
            acceptLoop = _acceptLoop;
            _listener = null;
            _stopping = null;
            _acceptLoop = null;
        }

        if (listener is null || stopping is null || acceptLoop is null)
        {
            return;
        }

        await stopping.CancelAsync();
        listener.Dispose();
        _connections.AbortAll();

        try
        {
            await Task.WhenAll(acceptLoop, _connections.WhenAllClosedAsync()).WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            LogStopSlow(_logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint, StopTimeout);
        }

        stopping.Dispose();
        LogStopped(_logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint);
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
                LogAcceptFailed(_logger, exception, Binding.DeviceCode, Binding.Service, Binding.EndPoint);
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
                    LogConnectionsRejected(_logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint, rejectedSinceLog, _options.MaxConnections);
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
        var remote = (IPEndPoint)client.RemoteEndPoint!;
        await using var stream = new NetworkStream(client, ownsSocket: true);
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        var reader = new MessageReader(pipe, remote, _options.Limits);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);

        try
        {
            while (true)
            {
                timeout.CancelAfter(_options.RequestTimeout);
                var exchange = await ExchangeAsync(reader, stream, timeout.Token);
                if (!exchange)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            LogConnectionTimedOut(_logger, Binding.DeviceCode, Binding.Service, remote, _options.RequestTimeout);
        }
        catch (OperationCanceledException)
        {
            // The endpoint is stopping (power off): the connection is dropped without an answer.
        }
        catch (Exception exception) when (stopping.IsCancellationRequested && exception is IOException or SocketException or ObjectDisposedException)
        {
            // The endpoint closed this socket while stopping.
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            LogConnectionFailed(_logger, Binding.DeviceCode, Binding.Service, remote, exception.Message);
        }
        catch (Exception exception)
        {
            LogHandlerFailed(_logger, exception, Binding.DeviceCode, Binding.Service, remote);
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    /// <summary>Reads one request and writes its response; returns false when the connection should close.</summary>
    private async Task<bool> ExchangeAsync(MessageReader reader, NetworkStream stream, CancellationToken cancellationToken)
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
                await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
            }

            var body = await reader.ReadBodyAsync(head.ContentLength, cancellationToken);
            request = reader.ToRequest(head, body);
        }
        catch (MessageFormatException exception)
        {
            LogBadRequest(_logger, Binding.DeviceCode, Binding.Service, exception.StatusCode, exception.Message);
            var error = new MessageResponse(exception.StatusCode, exception.ReasonPhrase) { CloseConnection = true };
            await WriteAsync(stream, error, cancellationToken);
            return false;
        }

        var response = UnsupportedVersion(request) ?? await _handler.HandleAsync(request, cancellationToken);
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

        await WriteAsync(stream, response, cancellationToken);
        return !close;
    }

    private async Task WriteAsync(NetworkStream stream, MessageResponse response, CancellationToken cancellationToken)
    {
        var version = _handler.Protocol == MessageProtocol.Rtsp ? "RTSP/1.0" : "HTTP/1.1";
        await stream.WriteAsync(response.SerializeHead(version), cancellationToken);
        if (!response.OmitBody && !response.Body.IsEmpty)
        {
            await stream.WriteAsync(response.Body, cancellationToken);
        }
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
