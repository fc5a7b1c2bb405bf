using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Simulator.Networking;

/// <summary>
/// The start and stop of one bound socket with the loop that serves it: binding errors become results that name
/// the address, and stopping closes the socket, cancels the loop and waits for it.
/// </summary>
internal abstract partial class SocketEndpoint : IDeviceEndpoint
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Socket? _socket;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    private protected SocketEndpoint(EndpointBinding binding, ILogger logger)
    {
        Binding = binding;
        Logger = logger;
    }

    public EndpointBinding Binding { get; }

    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _socket is not null;
            }
        }
    }

    private protected ILogger Logger { get; }

    public Result Start()
    {
        lock (_lock)
        {
            if (_socket is not null)
            {
                return Result.Success();
            }

            var socket = CreateSocket();
            try
            {
                socket.Bind(Binding.EndPoint);
                Listen(socket);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                LogBindFailed(Logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint, exception.SocketErrorCode);
                return Result.Failure(BindErrors.From(exception, Binding));
            }

            _socket = socket;
            _stopping = new CancellationTokenSource();
            _loop = ServeAsync(socket, _stopping.Token);
        }

        LogListening(Logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint);
        return Result.Success();
    }

    public async Task StopAsync()
    {
        Socket? socket;
        CancellationTokenSource? stopping;
        Task? loop;
        lock (_lock)
        {
            (socket, stopping, loop) = (_socket, _stopping, _loop);
            (_socket, _stopping, _loop) = (null, null, null);
        }

        if (socket is null || stopping is null || loop is null)
        {
            return;
        }

        await stopping.CancelAsync();
        socket.Dispose();
        try
        {
            await Task.WhenAll(loop, CloseConnectionsAsync()).WaitAsync(StopTimeout);
            stopping.Dispose();
        }
        catch (TimeoutException)
        {
            // The token source stays undisposed: tasks that outlived the timeout may still read its token.
            LogStopSlow(Logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint, StopTimeout);
        }

        LogStopped(Logger, Binding.DeviceCode, Binding.Service, Binding.EndPoint);
    }

    /// <summary>Creates the unbound socket with its options set.</summary>
    private protected abstract Socket CreateSocket();

    /// <summary>Starts listening after the bind, for stream sockets.</summary>
    private protected virtual void Listen(Socket socket)
    {
    }

    /// <summary>Serves the bound socket until <paramref name="stopping"/> is cancelled or the socket is closed.</summary>
    private protected abstract Task ServeAsync(Socket socket, CancellationToken stopping);

    /// <summary>Drops the connections the loop accepted and waits for them, after the socket closed.</summary>
    private protected virtual Task CloseConnectionsAsync() => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} {Service} listening on {EndPoint}")]
    private static partial void LogListening(ILogger logger, string deviceCode, string service, IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} {Service} on {EndPoint} stopped")]
    private static partial void LogStopped(ILogger logger, string deviceCode, string service, IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "{DeviceCode} {Service} could not bind {EndPoint}: {SocketError}")]
    private static partial void LogBindFailed(ILogger logger, string deviceCode, string service, IPEndPoint endPoint, SocketError socketError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{DeviceCode} {Service} on {EndPoint}: still serving {Timeout} after stopping")]
    private static partial void LogStopSlow(ILogger logger, string deviceCode, string service, IPEndPoint endPoint, TimeSpan timeout);
}
