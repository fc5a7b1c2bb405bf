using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Simulator.Fleet;

/// <summary>
/// Everything the device ledger records about one simulated device, named as the ledger's fields are.
/// </summary>
public sealed record SimulatedDeviceInfo
{
    /// <summary>The unique ledger code, e.g. DEMO-CAM-001.</summary>
    public required string Code { get; init; }

    /// <summary>The Chinese name an O&amp;M team gives it, e.g. 人民路口-01.</summary>
    public required string Name { get; init; }

    /// <summary>The same name in English, e.g. Renmin Road junction 01.</summary>
    public required string EnglishName { get; init; }

    public required DeviceKind Kind { get; init; }

    /// <summary>Where it is installed, in Chinese with English beside it.</summary>
    public required string InstallLocation { get; init; }

    /// <summary>Its own loopback address, e.g. 127.0.10.1.</summary>
    public required string IpAddress { get; init; }

    public int? HttpPort { get; init; }

    public int? RtspPort { get; init; }

    public int? SnmpPort { get; init; }

    public string? RtspUrl { get; init; }

    public string? OnvifUrl { get; init; }

    public string? SnapshotUrl { get; init; }

    /// <summary>Base URL of the vendor HTTP API (Hikvision ISAPI on recorders).</summary>
    public string? HttpApiUrl { get; init; }

    public required string Vendor { get; init; }

    public required string Model { get; init; }

    public required string FirmwareVersion { get; init; }

    public required string SerialNumber { get; init; }

    /// <summary>The 20-digit GB/T 28181 ID: type code 132 for cameras, 118 for recorders; switches have none.</summary>
    public string? GbId { get; init; }

    /// <summary>The code of the device it hangs on (its switch), the monitoring topology; null for a top device.</summary>
    public string? ParentCode { get; init; }

    public string? UserName { get; init; }

    /// <summary>
    /// The password the ledger should hold. A "password changed" fault changes the device's own password, after which
    /// this one is wrong, as when someone changes it on the device.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>The SNMP v2c community, for switches.</summary>
    public string? SnmpCommunity { get; init; }

    /// <summary>The interface indexes whose ifOperStatus the SNMP probe reads (uplink, recorder port).</summary>
    public IReadOnlyList<int> SnmpInterfaces { get; init; } = [];

    /// <summary>
    /// The probes that suit it. ICMP is left out: the loopback network replies to echo requests for every 127.0.0.0/8 address,
    /// so ping would report a powered-off simulated device as reachable.
    /// </summary>
    public required ProbeSet Probes { get; init; }
}
