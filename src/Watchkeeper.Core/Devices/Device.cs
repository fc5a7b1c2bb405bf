using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Devices;

/// <summary>
/// One row of the device ledger (设备台账): a camera, recorder, encoder, switch, server, storage unit,
/// channel or alarm input, with what O&amp;M teams keep about it and how it is monitored.
/// </summary>
public sealed class Device
{
    public const int MaxCodeLength = 64;
    public const int MaxNameLength = 128;
    public const int MaxUrlLength = 1024;
    public const int MaxTextLength = 256;
    public const int MaxNotesLength = 2000;

    public long Id { get; set; }

    /// <summary>The team's own unique code for the device; imports match rows to devices by it.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public DeviceKind Kind { get; set; }

    public long OrganizationId { get; set; }

    public string? InstallLocation { get; set; }

    public string? IpAddress { get; set; }

    public int? HttpPort { get; set; }

    public int? RtspPort { get; set; }

    public int? SnmpPort { get; set; }

    public string? RtspUrl { get; set; }

    public string? OnvifUrl { get; set; }

    public string? SnapshotUrl { get; set; }

    /// <summary>Base URL of the vendor HTTP API (Hikvision ISAPI, Dahua CGI), e.g. http://10.1.2.3.</summary>
    public string? HttpApiUrl { get; set; }

    public string? Vendor { get; set; }

    public string? Model { get; set; }

    public string? FirmwareVersion { get; set; }

    public string? SerialNumber { get; set; }

    /// <summary>The 20-digit GB/T 28181 ID (国标编码), when the device has one.</summary>
    public string? GbId { get; set; }

    /// <summary>The device this one hangs on (switch, recorder, encoder): the monitoring topology.</summary>
    public long? ParentId { get; set; }

    /// <summary>
    /// The channel number (1-based) under which the parent recorder records this camera point, e.g. 3 for ISAPI
    /// track 301; null when no recorder's HTTP API records it.
    /// </summary>
    public int? RecorderChannel { get; set; }

    public DateOnly? InstallDate { get; set; }

    public DateOnly? WarrantyEnd { get; set; }

    public string? Maintainer { get; set; }

    public string? Notes { get; set; }

    public string? UserName { get; set; }

    /// <summary>The password, encrypted with ASP.NET Core Data Protection; never returned or logged.</summary>
    public string? EncryptedPassword { get; set; }

    /// <summary>The SNMP v2c community, encrypted like the password.</summary>
    public string? EncryptedSnmpCommunity { get; set; }

    /// <summary>Interface indexes (ifIndex) whose ifOperStatus the SNMP probe reads, comma separated.</summary>
    public string? SnmpInterfaces { get; set; }

    /// <summary>Incremented whenever the user name, password or community changes.</summary>
    /// <remarks>A probe that an account lock-out would hurt (ONVIF) stops after a rejection until this changes.</remarks>
    public int CredentialVersion { get; set; }

    /// <summary>False pauses monitoring: the device's state becomes Unknown and no probe runs.</summary>
    public bool MonitoringEnabled { get; set; } = true;

    /// <summary>Per-device probe interval; null takes the organization's or the kind's default.</summary>
    public int? ProbeIntervalSeconds { get; set; }

    /// <summary>Per-device probe set; null takes the organization's or the kind's default.</summary>
    public ProbeSet? Probes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Returns the SNMP interface indexes named in <see cref="SnmpInterfaces"/>, skipping what does not parse.</summary>
    public IReadOnlyList<int> ParseSnmpInterfaces() => ParseInterfaceList(SnmpInterfaces);

    public static IReadOnlyList<int> ParseInterfaceList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split([',', ';', ' ', '，', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, out var index) && index > 0 ? index : 0)
                .Where(index => index > 0)
                .Distinct()
                .ToList();
}
