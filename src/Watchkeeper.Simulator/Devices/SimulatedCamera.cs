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
/// HTTP port. Faults: power, a password changed on the device, and a clock offset.
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
            ServerName: $"{identity.Vendor} RTSP server");
        AddEndpoint(new MessageServer(
            new EndpointBinding(info.Code, "RTSP", new IPEndPoint(address, rtspPort), "RtspPort or CameraAddressBase"),
            new RtspHandler(rtsp),
            context.ServerOptions,
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
            firstPicture: index);
        AddEndpoint(new MessageServer(
            new EndpointBinding(info.Code, "HTTP", new IPEndPoint(address, httpPort), "HttpPort or CameraAddressBase"),
            http,
            context.ServerOptions,
            context.LoggerFactory.CreateLogger<CameraHttpHandler>()));
    }

    public DeviceIdentity Identity { get; }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} password changed on the device; the ledger's password is now wrong")]
    private static partial void LogPasswordChanged(ILogger logger, string deviceCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} password restored to the ledger's")]
    private static partial void LogPasswordRestored(ILogger logger, string deviceCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceCode} clock offset set to {Offset}")]
    private static partial void LogClockOffset(ILogger logger, string deviceCode, TimeSpan offset);
}
