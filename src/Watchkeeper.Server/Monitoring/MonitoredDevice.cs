using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Monitoring;

/// <summary>
/// What the scheduler and the health state machine need of one device: an immutable snapshot of its ledger
/// row with the effective probe set and interval. Credentials stay encrypted until a round starts.
/// </summary>
public sealed record MonitoredDevice
{
    public required long Id { get; init; }

    public required string Code { get; init; }

    public required string Name { get; init; }

    public required DeviceKind Kind { get; init; }

    public long OrganizationId { get; init; }

    public long? ParentId { get; init; }

    public bool MonitoringEnabled { get; init; }

    public ProbeSet Probes { get; init; }

    public TimeSpan Interval { get; init; }

    public int CredentialVersion { get; init; }

    public string? IpAddress { get; init; }

    public int? HttpPort { get; init; }

    public int? RtspPort { get; init; }

    public int? SnmpPort { get; init; }

    public string? RtspUrl { get; init; }

    public string? OnvifUrl { get; init; }

    public string? SnapshotUrl { get; init; }

    public string? HttpApiUrl { get; init; }

    public string? Vendor { get; init; }

    public string? Model { get; init; }

    public string? FirmwareVersion { get; init; }

    public string? SerialNumber { get; init; }

    public string? GbId { get; init; }

    public string? UserName { get; init; }

    public string? EncryptedPassword { get; init; }

    public string? EncryptedSnmpCommunity { get; init; }

    public IReadOnlyList<int> SnmpInterfaces { get; init; } = [];

    public static MonitoredDevice From(Device device, ProbeSet probes, TimeSpan interval) => new()
    {
        Id = device.Id,
        Code = device.Code,
        Name = device.Name,
        Kind = device.Kind,
        OrganizationId = device.OrganizationId,
        ParentId = device.ParentId,
        MonitoringEnabled = device.MonitoringEnabled,
        Probes = probes,
        Interval = interval,
        CredentialVersion = device.CredentialVersion,
        IpAddress = device.IpAddress,
        HttpPort = device.HttpPort,
        RtspPort = device.RtspPort,
        SnmpPort = device.SnmpPort,
        RtspUrl = device.RtspUrl,
        OnvifUrl = device.OnvifUrl,
        SnapshotUrl = device.SnapshotUrl,
        HttpApiUrl = device.HttpApiUrl,
        Vendor = device.Vendor,
        Model = device.Model,
        FirmwareVersion = device.FirmwareVersion,
        SerialNumber = device.SerialNumber,
        GbId = device.GbId,
        UserName = device.UserName,
        EncryptedPassword = device.EncryptedPassword,
        EncryptedSnmpCommunity = device.EncryptedSnmpCommunity,
        SnmpInterfaces = device.ParseSnmpInterfaces(),
    };
}
