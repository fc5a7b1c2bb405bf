using System.Net;
using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Http;
using Watchkeeper.Simulator.Networking;
using Watchkeeper.Simulator.Onvif;
using Watchkeeper.Simulator.Rtsp;

namespace Watchkeeper.Simulator.Devices;

/// <summary>
/// A simulated IP camera: RTSP on its RTSP port; the snapshot URL and the ONVIF device and media services on its
/// HTTP port. Faults: power, a password changed on the device, a clock offset, a picture fault that the stream and
/// the snapshots show alike, and a stream that stalls after PLAY.
/// </summary>
public sealed partial class SimulatedCamera : SimulatedDevice
{
    internal SimulatedCamera(SimulatedDeviceInfo info, DeviceIdentity identity, CameraModel model, int index, DeviceContext context)
        : base(info, context.LoggerFactory.CreateLogger<SimulatedCamera>())
    {
        Identity = identity;
        Clock = new DeviceClock(context.TimeProvider);
        Account = new DeviceAccount(info.UserName!, info.Password!);

        var address = IPAddress.Parse(info.IpAddress);
        var rtspPort = info.RtspPort!.Value;
        var httpPort = info.HttpPort!.Value;
        var realm = model.Realm(identity.SerialNumber);

        var rtsp = new RtspService(
            new Dictionary<string, string>
            {
                [model.MainStreamPath] = "Main stream",
                [model.SubStreamPath] = "Sub stream",
            },
            new RequestAuthenticator(Account, realm, model.RtspAuthSchemes, context.Nonces),
            Clock,
            info.IpAddress,
            rtspPort,
            SessionId: 1_000_000 + index,
            ServerName: $"{identity.Vendor} RTSP server",
            info.Code,
            Picture,
            context.RtspServerOptions.RequestTimeout,
            context.LoggerFactory.CreateLogger<RtspHandler>());
        AddEndpoint(new MessageServer(
            new EndpointBinding(info.Code, "RTSP", new IPEndPoint(address, rtspPort), "RtspPort or CameraAddressBase"),
            new RtspHandler(rtsp),
            context.RtspServerOptions,
            context.LoggerFactory.CreateLogger<RtspHandler>()));

        var httpBase = $"http://{info.IpAddress}:{httpPort}";
        var onvif = new OnvifDevice(
            identity,
            Clock,
            Account,
            httpBase + model.OnvifDevicePath,
            httpBase + model.OnvifMediaPath,
            [
                new OnvifProfile("Profile_1", "mainStream", $"rtsp://{info.IpAddress}:{rtspPort}{model.MainStreamPath}", 2048),
                new OnvifProfile("Profile_2", "subStream", $"rtsp://{info.IpAddress}:{rtspPort}{model.SubStreamPath}", 512),
            ],
            info.SnapshotUrl!);
        var paths = new CameraHttpPaths(model.SnapshotPath, model.OnvifDevicePath, model.OnvifMediaPath);
        var http = new CameraHttpHandler(
            paths,
            identity,
            Clock,
            new RequestAuthenticator(Account, realm, AuthSchemes.Digest, context.Nonces),
            new OnvifService(onvif, info.Code, context.LoggerFactory.CreateLogger<OnvifService>()),
            Picture,
            firstPicture: index);
        AddEndpoint(new MessageServer(
            new EndpointBinding(info.Code, "HTTP", new IPEndPoint(address, httpPort), "HttpPort or CameraAddressBase"),
            http,
            context.ServerOptions,
            context.LoggerFactory.CreateLogger<CameraHttpHandler>()));
    }

    public DeviceIdentity Identity { get; }

    /// <summary>The picture fault the camera shows, or null when it shows the street.</summary>
    public PictureFaultKind? PictureFault => Picture.Fault;

    /// <summary>True while PLAY succeeds but no media follows.</summary>
    public bool IsStreamStalled => Picture.IsStalled;

    internal CameraPicture Picture { get; } = new();

    /// <summary>The camera's own clock, which ONVIF reports and checks WS-Security timestamps against.</summary>
    public DeviceClock Clock { get; }

    /// <summary>The account the camera checks; its password is the ledger's until a fault changes it.</summary>
    public DeviceAccount Account { get; }

    /// <summary>Changes the password on the camera, so that the ledger's password is rejected from now on.</summary>
    public void ChangePassword(string newPassword)
    {
        Account.Password = newPassword;
        LogPasswordChanged(Logger, Code);
    }

    /// <summary>Sets the camera's password back to the one the ledger holds.</summary>
    public void RestorePassword()
    {
        Account.Password = Info.Password!;
        LogPasswordRestored(Logger, Code);
    }

    /// <summary>Moves the camera's clock by <paramref name="offset"/> from the fleet's time, e.g. +8 h.</summary>
    public void SetClockOffset(TimeSpan offset)
    {
        Clock.Offset = offset;
        LogClockOffset(Logger, Code, offset);
    }

    /// <summary>Makes the stream and the snapshots show <paramref name="fault"/>; streams playing now switch at once.</summary>
    public void SetPictureFault(PictureFaultKind fault)
    {
        Picture.SetFault(fault);
        LogPictureFault(Logger, Code, fault);
    }

    /// <summary>Makes the stream and the snapshots show the street again.</summary>
    public void ClearPictureFault()
    {
        Picture.SetFault(null);
        LogPictureRestored(Logger, Code);
    }

    /// <summary>Stops the media of every session, present and future, while PLAY still succeeds; or starts it again.</summary>
    public void SetStreamStalled(bool stalled)
    {
        Picture.SetStalled(stalled);
        LogStreamStalled(Logger, Code, stalled);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} picture fault {Fault}: the stream and the snapshots show it")]
    private static partial void LogPictureFault(ILogger logger, string deviceCode, PictureFaultKind fault);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} picture restored")]
    private static partial void LogPictureRestored(ILogger logger, string deviceCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} stream stalled: {Stalled}")]
    private static partial void LogStreamStalled(ILogger logger, string deviceCode, bool stalled);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} password changed on the device; the ledger's password is now wrong")]
    private static partial void LogPasswordChanged(ILogger logger, string deviceCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} password restored to the ledger's")]
    private static partial void LogPasswordRestored(ILogger logger, string deviceCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} clock offset set to {Offset}")]
    private static partial void LogClockOffset(ILogger logger, string deviceCode, TimeSpan offset);
}
