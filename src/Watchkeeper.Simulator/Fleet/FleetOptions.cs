namespace Watchkeeper.Simulator.Fleet;

/// <summary>
/// The size and addresses of a simulated fleet. Each device gets its own loopback address, counted up from its
/// kind's address base, so every device can use the same ports. The defaults need no root (ports of 1024 and up).
/// Bind it from configuration, e.g. a "Demo:Fleet" section.
/// </summary>
public sealed class FleetOptions
{
    public int CameraCount { get; set; } = 50;

    public int RecorderCount { get; set; } = 2;

    /// <summary>Switches the cameras and recorders are split across; 0 leaves every device without a parent.</summary>
    public int SwitchCount { get; set; } = 2;

    /// <summary>The first three octets of the cameras' addresses ("127.0.10" gives 127.0.10.1, .2, ...) or a first address.</summary>
    public string CameraAddressBase { get; set; } = "127.0.10";

    public string RecorderAddressBase { get; set; } = "127.0.11";

    public string SwitchAddressBase { get; set; } = "127.0.12";

    /// <summary>TCP port of every camera's and recorder's RTSP service.</summary>
    public int RtspPort { get; set; } = 10554;

    /// <summary>TCP port of every camera's web, snapshot and ONVIF service and every recorder's ISAPI.</summary>
    public int HttpPort { get; set; } = 10080;

    /// <summary>UDP port of every switch's SNMP agent.</summary>
    public int SnmpPort { get; set; } = 10161;

    /// <summary>Start of every device code: DEMO gives DEMO-CAM-001, DEMO-NVR-01, DEMO-SW-01.</summary>
    public string CodePrefix { get; set; } = "DEMO";

    public string UserName { get; set; } = "admin";

    /// <summary>The password of every camera and recorder, and so the one the ledger holds.</summary>
    public string Password { get; set; } = "Wk-demo-2024";

    public string SnmpCommunity { get; set; } = "public";

    /// <summary>
    /// How long an RTSP connection may stay silent (no request, no RTCP report) before the camera closes it and ends
    /// its sessions. The Session header announces it, and RFC 2326 §12.37 sets 60 s as the default.
    /// </summary>
    public TimeSpan RtspSessionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Open connections each RTSP or HTTP service accepts before it closes new ones at once.</summary>
    public int MaxConnectionsPerService { get; set; } = 1024;
}
