using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Watchkeeper.Simulator.Networking;

internal sealed partial class MessageServer
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{DeviceCode} {Service} on {EndPoint}: accepting a connection failed; retrying in 100 ms")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception, string deviceCode, string service, IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{DeviceCode} {Service} on {EndPoint} closed {Rejected} connections beyond its limit of {MaxConnections}")]
    private static partial void LogConnectionsRejected(ILogger logger, string deviceCode, string service, IPEndPoint endPoint, int rejected, int maxConnections);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} {Service}: connection from {Remote} closed after {Timeout} without a complete request")]
    private static partial void LogConnectionTimedOut(ILogger logger, string deviceCode, string service, IPEndPoint remote, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} {Service}: connection from {Remote} failed: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string deviceCode, string service, IPEndPoint remote, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{DeviceCode} {Service}: serving a request from {Remote} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string deviceCode, string service, IPEndPoint remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} {Service}: rejected a malformed request with {StatusCode}: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string deviceCode, string service, int statusCode, string reason);
}
