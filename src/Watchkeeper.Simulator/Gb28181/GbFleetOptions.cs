using System.Net;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// A set of simulated GB/T 28181 recorders and cameras that register to one platform: the demo's GB/T 28181 devices
/// (by default 2 NVRs with 8 channels and 2 alarm inputs each, and 4 IP cameras) or, with
/// <see cref="SharedSocket"/>, many device IDs sending from one socket for keepalive load.
/// </summary>
public sealed class GbFleetOptions
{
    /// <summary>The platform's SIP address, inside 127.0.0.0/8.</summary>
    public IPEndPoint PlatformEndPoint { get; set; } = new(IPAddress.Loopback, 5060);

    public string ServerId { get; set; } = "34020000002000000001";

    /// <summary>The platform's SIP domain; null takes the first 10 digits of <see cref="ServerId"/>.</summary>
    public string? ServerDomain { get; set; }

    /// <summary>The Digest password of every device (user name = device ID).</summary>
    public string Password { get; set; } = "Wk-gb-2024";

    public GbTransport Transport { get; set; } = GbTransport.Udp;

    public int RecorderCount { get; set; } = 2;

    public int ChannelsPerRecorder { get; set; } = 8;

    public int AlarmInputsPerRecorder { get; set; } = 2;

    public int CameraCount { get; set; } = 4;

    /// <summary>The first device address ("127.0.13" gives 127.0.13.1, .2, ...); recorders first, then cameras.</summary>
    public string AddressBase { get; set; } = "127.0.13";

    /// <summary>The SIP port every device sends from on its own address; 0 lets the system choose.</summary>
    public int LocalPort { get; set; } = 5060;

    /// <summary>Center and industry code, the first 10 digits of every device ID.</summary>
    public string IdPrefix { get; set; } = "3402000000";

    /// <summary>The serial number (last 7 digits) of the first recorder and the first camera; the others count up.</summary>
    public int FirstSerial { get; set; } = 9001;

    /// <summary>Registration lifetime in seconds.</summary>
    public int Expires { get; set; } = 3600;

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Bulk mode: every device ID sends from the one socket at the first address, as a load generator does, instead of
    /// a socket per device on its own address.
    /// </summary>
    public bool SharedSocket { get; set; }

    /// <summary>First REGISTERs sent per second at start, so that a large fleet does not flood the platform at once.</summary>
    public int RegistrationsPerSecond { get; set; } = 1000;
}
