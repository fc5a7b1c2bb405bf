using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Devices;

/// <summary>
/// A device as clients send it. On update, a null <see cref="Password"/> or <see cref="SnmpCommunity"/> keeps the
/// stored secret and an empty string clears it.
/// </summary>
public sealed record DeviceInput
{
    public string? Code { get; init; }

    public string? Name { get; init; }

    public DeviceKind? Kind { get; init; }

    public long? OrganizationId { get; init; }

    public string? InstallLocation { get; init; }

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

    public long? ParentId { get; init; }

    /// <summary>The parent recorder's channel number (1-based) that records this camera point.</summary>
    public int? RecorderChannel { get; init; }

    public DateOnly? InstallDate { get; init; }

    public DateOnly? WarrantyEnd { get; init; }

    public string? Maintainer { get; init; }

    public string? Notes { get; init; }

    public string? UserName { get; init; }

    /// <summary>Write-only: never returned.</summary>
    public string? Password { get; init; }

    /// <summary>Write-only: never returned.</summary>
    public string? SnmpCommunity { get; init; }

    public string? SnmpInterfaces { get; init; }

    public bool? MonitoringEnabled { get; init; }

    public int? ProbeIntervalSeconds { get; init; }

    /// <summary>The probe kinds to run; null takes the organization's or the kind's default.</summary>
    public IReadOnlyList<ProbeKind>? Probes { get; init; }
}

/// <summary>A device as the API returns it: the ledger fields without secrets, and its health.</summary>
public sealed record DeviceResponse
{
    public long Id { get; init; }

    public required string Code { get; init; }

    public required string Name { get; init; }

    public DeviceKind Kind { get; init; }

    public long OrganizationId { get; init; }

    public string? OrganizationPath { get; init; }

    public string? InstallLocation { get; init; }

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

    public long? ParentId { get; init; }

    /// <summary>The parent recorder's channel number (1-based) that records this camera point.</summary>
    public int? RecorderChannel { get; init; }

    public DateOnly? InstallDate { get; init; }

    public DateOnly? WarrantyEnd { get; init; }

    public string? Maintainer { get; init; }

    public string? Notes { get; init; }

    public string? UserName { get; init; }

    public bool HasPassword { get; init; }

    public bool HasSnmpCommunity { get; init; }

    public string? SnmpInterfaces { get; init; }

    public bool MonitoringEnabled { get; init; }

    public int? ProbeIntervalSeconds { get; init; }

    public IReadOnlyList<ProbeKind>? Probes { get; init; }

    /// <summary>The probes that run: the device's own, else its organization's policy, else the kind's default.</summary>
    public IReadOnlyList<ProbeKind>? EffectiveProbes { get; init; }

    /// <summary>The round interval in effect, resolved like <see cref="EffectiveProbes"/>.</summary>
    public int? EffectiveIntervalSeconds { get; init; }

    public HealthState State { get; init; }

    public DateTimeOffset? StateSince { get; init; }

    public string? StateReason { get; init; }

    public OfflineCause? OfflineCause { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public static DeviceResponse From(Device device, DeviceHealth? health, string? organizationPath) => new()
    {
        Id = device.Id,
        Code = device.Code,
        Name = device.Name,
        Kind = device.Kind,
        OrganizationId = device.OrganizationId,
        OrganizationPath = organizationPath,
        InstallLocation = device.InstallLocation,
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
        ParentId = device.ParentId,
        RecorderChannel = device.RecorderChannel,
        InstallDate = device.InstallDate,
        WarrantyEnd = device.WarrantyEnd,
        Maintainer = device.Maintainer,
        Notes = device.Notes,
        UserName = device.UserName,
        HasPassword = device.EncryptedPassword is not null,
        HasSnmpCommunity = device.EncryptedSnmpCommunity is not null,
        SnmpInterfaces = device.SnmpInterfaces,
        MonitoringEnabled = device.MonitoringEnabled,
        ProbeIntervalSeconds = device.ProbeIntervalSeconds,
        Probes = device.Probes?.Kinds().ToList(),
        State = health?.State ?? HealthState.Unknown,
        StateSince = health?.StateSince,
        StateReason = health?.StateReason,
        OfflineCause = health?.OfflineCause,
        CreatedAt = device.CreatedAt,
        UpdatedAt = device.UpdatedAt,
    };
}

/// <summary>One page of the device list.</summary>
public sealed record DevicePage(IReadOnlyList<DeviceResponse> Items, int Page, int PageSize, int TotalCount);
