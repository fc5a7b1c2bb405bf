using System.Net;
using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Http;
using Watchkeeper.Simulator.Isapi;
using Watchkeeper.Simulator.Networking;
using Watchkeeper.Simulator.Rtsp;

namespace Watchkeeper.Simulator.Devices;

/// <summary>
/// A simulated Hikvision NVR: ISAPI device information and storage on its HTTP port, and an RTSP stream per
/// channel (/Streaming/Channels/{channel}01 and {channel}02). Faults: power, the status of each disk, and
/// gaps in a channel's recordings.
/// </summary>
public sealed partial class SimulatedRecorder : SimulatedDevice
{
    private readonly DeviceClock _clock;

    internal SimulatedRecorder(SimulatedDeviceInfo info, DeviceIdentity identity, RecorderStorage storage, int channelCount, int index, DeviceContext context)
        : base(info, context.LoggerFactory.CreateLogger<SimulatedRecorder>())
    {
        Identity = identity;
        Storage = storage;
        ChannelCount = channelCount;
        Recordings = new RecorderRecordings(channelCount);
        var clock = new DeviceClock(context.TimeProvider);
        _clock = clock;
        var account = new DeviceAccount(info.UserName!, info.Password!);
        var address = IPAddress.Parse(info.IpAddress);
        var realm = identity.Model;

        var streams = new Dictionary<string, string>();
        for (var channel = 1; channel <= channelCount; channel++)
        {
            streams[StreamPath(channel, main: true)] = $"Channel {channel} main stream";
            streams[StreamPath(channel, main: false)] = $"Channel {channel} sub stream";
        }

        var rtsp = new RtspService(
            streams,
            new RequestAuthenticator(account, realm, AuthSchemes.Digest, context.Nonces),
            clock,
            info.IpAddress,
            info.RtspPort!.Value,
            SessionId: 2_000_000 + index,
            ServerName: "Hikvision RTSP server",
            info.Code,
            new CameraPicture(),
            context.RtspServerOptions.RequestTimeout,
            context.LoggerFactory.CreateLogger<RtspHandler>());
        AddEndpoint(new MessageServer(
            new EndpointBinding(info.Code, "RTSP", new IPEndPoint(address, info.RtspPort!.Value), "RtspPort or RecorderAddressBase"),
            new RtspHandler(rtsp),
            context.RtspServerOptions,
            context.LoggerFactory.CreateLogger<RtspHandler>()));

        var recorderInfo = new RecorderInfo(identity, info.Name, "build 230215", channelCount);
        AddEndpoint(new MessageServer(
            new EndpointBinding(info.Code, "HTTP", new IPEndPoint(address, info.HttpPort!.Value), "HttpPort or RecorderAddressBase"),
            new RecorderHttpHandler(recorderInfo, storage, Recordings, clock, new RequestAuthenticator(account, realm, AuthSchemes.Digest, context.Nonces)),
            context.ServerOptions,
            context.LoggerFactory.CreateLogger<RecorderHttpHandler>()));
    }

    public DeviceIdentity Identity { get; }

    public RecorderStorage Storage { get; }

    public int ChannelCount { get; }

    /// <summary>What each channel has recorded, which the ISAPI search returns; faults cut gaps into it.</summary>
    public RecorderRecordings Recordings { get; }

    /// <summary>The recorder's local wall clock, in which its recordings are kept.</summary>
    public DateTime LocalNow => DateTime.SpecifyKind(_clock.UtcNow.UtcDateTime + Recordings.UtcOffset, DateTimeKind.Unspecified);

    /// <summary>Returns the RTSP path of a channel's main or sub stream, ISAPI style: channel 3 main is /Streaming/Channels/301.</summary>
    public static string StreamPath(int channel, bool main) => $"/Streaming/Channels/{channel}0{(main ? 1 : 2)}";

    /// <summary>Marks disk <paramref name="diskId"/> failed ("error" in ISAPI); false when there is no such disk.</summary>
    public bool FailDisk(int diskId) => SetDiskStatus(diskId, RecorderStorage.StatusError);

    /// <summary>Marks disk <paramref name="diskId"/> healthy again ("ok"); false when there is no such disk.</summary>
    public bool RepairDisk(int diskId) => SetDiskStatus(diskId, RecorderStorage.StatusOk);

    /// <summary>Sets the ISAPI status word of a disk, e.g. "unformatted" or "smartFailed".</summary>
    public bool SetDiskStatus(int diskId, string status)
    {
        var changed = Storage.SetStatus(diskId, status);
        if (changed)
        {
            LogDiskStatus(Logger, Code, diskId, status);
        }
        else
        {
            LogNoSuchDisk(Logger, Code, diskId);
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} disk {DiskId} status set to {Status}")]
    private static partial void LogDiskStatus(ILogger logger, string deviceCode, int diskId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{DeviceCode} has no disk {DiskId}; its storage is unchanged")]
    private static partial void LogNoSuchDisk(ILogger logger, string deviceCode, int diskId);
}
