using System.Net;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Simulator.Networking;

/// <summary>
/// One listening socket of a simulated device (its RTSP, HTTP or SNMP service). Stopping it closes the socket and
/// every open connection, so that clients see the refused connections of a device that lost power.
/// </summary>
internal interface IDeviceEndpoint
{
    EndpointBinding Binding { get; }

    bool IsRunning { get; }

    /// <summary>Binds and starts serving; fails with a clear error when the address or port cannot be bound.</summary>
    Result Start();

    Task StopAsync();
}

/// <summary>Where an endpoint listens and, for error messages, whose it is and which setting moves it.</summary>
/// <param name="DeviceCode">The device's ledger code, e.g. DEMO-CAM-003.</param>
/// <param name="Service">The protocol served, e.g. RTSP, HTTP or SNMP.</param>
/// <param name="EndPoint">The loopback address and port.</param>
/// <param name="Settings">The options that change the address or the port, e.g. "RtspPort or CameraAddressBase".</param>
internal sealed record EndpointBinding(string DeviceCode, string Service, IPEndPoint EndPoint, string Settings)
{
    public override string ToString() => $"{Service} of {DeviceCode} on {EndPoint}";
}
