using System.Net;
using Microsoft.Extensions.Logging;

namespace Watchkeeper.Simulator.Gb28181;

public sealed partial class SimulatedGbDevice
{
    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId} ({Kind}) started on {Local}, platform {Platform} over {Transport}")]
    private static partial void LogStarted(ILogger logger, string deviceId, GbDeviceKind kind, IPEndPoint local, IPEndPoint platform, GbTransport transport);

    [LoggerMessage(Level = LogLevel.Error, Message = "GB/T 28181 {DeviceId} could not start: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string deviceId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId} stopped")]
    private static partial void LogStopped(ILogger logger, string deviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId} fault {Fault} set to {Active}")]
    private static partial void LogFaultChanged(ILogger logger, string deviceId, GbFault fault, bool active);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GB/T 28181 {DeviceId} registered for {Expires} s")]
    private static partial void LogRegistered(ILogger logger, string deviceId, int expires);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId} unregistered")]
    private static partial void LogUnregistered(ILogger logger, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GB/T 28181 {DeviceId}: REGISTER to {Platform} was not answered; it retries later")]
    private static partial void LogRegisterTimedOut(ILogger logger, string deviceId, IPEndPoint platform);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GB/T 28181 {DeviceId}: REGISTER rejected with {Status}: {Reason}; it retries later")]
    private static partial void LogRegisterRejected(ILogger logger, string deviceId, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GB/T 28181 {DeviceId}: unregister not answered within {Timeout}")]
    private static partial void LogUnregisterTimedOut(ILogger logger, string deviceId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId}: registration refresh skipped (fault), the registration will expire")]
    private static partial void LogRefreshSkipped(ILogger logger, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GB/T 28181 {DeviceId}: {Count} keepalives in a row unanswered; registering again")]
    private static partial void LogKeepalivesUnanswered(ILogger logger, string deviceId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "GB/T 28181 {DeviceId}: the {Loop} loop failed; it goes on after a pause")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string deviceId, string loop);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId}: {Method} left unanswered (fault)")]
    private static partial void LogQueryIgnored(ILogger logger, string deviceId, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GB/T 28181 {DeviceId}: {Method} with an unreadable body of {Length} bytes, answered 400")]
    private static partial void LogUnreadableBody(ILogger logger, string deviceId, string method, int length);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GB/T 28181 {DeviceId}: accepted {Root} {CmdType}")]
    private static partial void LogMessageAccepted(ILogger logger, string deviceId, string root, string cmdType);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId}: {CmdType} subscription for {Expires} s")]
    private static partial void LogSubscribed(ILogger logger, string deviceId, string cmdType, int expires);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId}: query {CmdType} is not supported; answered 200 without a response")]
    private static partial void LogQueryUnsupported(ILogger logger, string deviceId, string cmdType);

    [LoggerMessage(Level = LogLevel.Error, Message = "GB/T 28181 {DeviceId}: answering {CmdType} SN {Sn} failed")]
    private static partial void LogAnswerFailed(ILogger logger, Exception exception, string deviceId, string cmdType, string sn);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GB/T 28181 {DeviceId}: catalog SN {Sn}, {Items} items in {Messages} messages")]
    private static partial void LogAnsweringCatalog(ILogger logger, string deviceId, string sn, int items, int messages);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GB/T 28181 {DeviceId}: record info for {ChannelId} SN {Sn}, {Segments} segments in {Messages} messages")]
    private static partial void LogAnsweringRecords(ILogger logger, string deviceId, string channelId, string sn, int segments, int messages);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId}: alarm from {SourceId}, method {Method}, type {Type}, by {Delivery}")]
    private static partial void LogAlarmSent(ILogger logger, string deviceId, string sourceId, int method, int type, GbAlarmDelivery delivery);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 {DeviceId}: {Events} catalog events sent, subscribed {Subscribed}")]
    private static partial void LogCatalogNotified(ILogger logger, string deviceId, int events, bool subscribed);
}
