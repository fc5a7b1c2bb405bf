using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Devices;

/// <summary>The console's editable copy of a device. Secrets start empty because they are never read back.</summary>
public sealed class DeviceForm
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public DeviceKind Kind { get; set; } = DeviceKind.Camera;

    public long? OrganizationId { get; set; }

    public string? InstallLocation { get; set; }

    public string? IpAddress { get; set; }

    public int? HttpPort { get; set; }

    public int? RtspPort { get; set; }

    public int? SnmpPort { get; set; }

    public string? RtspUrl { get; set; }

    public string? OnvifUrl { get; set; }

    public string? SnapshotUrl { get; set; }

    public string? HttpApiUrl { get; set; }

    public string? Vendor { get; set; }

    public string? Model { get; set; }

    public string? FirmwareVersion { get; set; }

    public string? SerialNumber { get; set; }

    public string? GbId { get; set; }

    public int? RecorderChannel { get; set; }

    public DeviceOption? Parent { get; set; }

    public DateTime? InstallDate { get; set; }

    public DateTime? WarrantyEnd { get; set; }

    public string? Maintainer { get; set; }

    public string? Notes { get; set; }

    public string? UserName { get; set; }

    /// <summary>Blank keeps the stored password unless <see cref="ClearPassword"/> is set.</summary>
    public string? Password { get; set; }

    public bool ClearPassword { get; set; }

    /// <summary>Blank keeps the stored community unless <see cref="ClearSnmpCommunity"/> is set.</summary>
    public string? SnmpCommunity { get; set; }

    public bool ClearSnmpCommunity { get; set; }

    public string? SnmpInterfaces { get; set; }

    public bool MonitoringEnabled { get; set; } = true;

    public int? ProbeIntervalSeconds { get; set; }

    /// <summary>Empty takes the organization's or the kind's default probe set.</summary>
    public IReadOnlyCollection<ProbeKind> Probes { get; set; } = [];

    public static DeviceForm From(DeviceResponse device, DeviceOption? parent) => new()
    {
        Code = device.Code,
        Name = device.Name,
        Kind = device.Kind,
        OrganizationId = device.OrganizationId,
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
        RecorderChannel = device.RecorderChannel,
        Parent = parent,
        InstallDate = device.InstallDate?.ToDateTime(TimeOnly.MinValue),
        WarrantyEnd = device.WarrantyEnd?.ToDateTime(TimeOnly.MinValue),
        Maintainer = device.Maintainer,
        Notes = device.Notes,
        UserName = device.UserName,
        SnmpInterfaces = device.SnmpInterfaces,
        MonitoringEnabled = device.MonitoringEnabled,
        ProbeIntervalSeconds = device.ProbeIntervalSeconds,
        Probes = device.Probes?.ToList() ?? [],
    };

    public DeviceInput ToInput() => new()
    {
        Code = Code,
        Name = Name,
        Kind = Kind,
        OrganizationId = OrganizationId,
        InstallLocation = InstallLocation,
        IpAddress = IpAddress,
        HttpPort = HttpPort,
        RtspPort = RtspPort,
        SnmpPort = SnmpPort,
        RtspUrl = RtspUrl,
        OnvifUrl = OnvifUrl,
        SnapshotUrl = SnapshotUrl,
        HttpApiUrl = HttpApiUrl,
        Vendor = Vendor,
        Model = Model,
        FirmwareVersion = FirmwareVersion,
        SerialNumber = SerialNumber,
        GbId = GbId,
        RecorderChannel = RecorderChannel,
        ParentId = Parent?.Id,
        InstallDate = InstallDate is { } install ? DateOnly.FromDateTime(install) : null,
        WarrantyEnd = WarrantyEnd is { } warranty ? DateOnly.FromDateTime(warranty) : null,
        Maintainer = Maintainer,
        Notes = Notes,
        UserName = UserName,
        Password = Secret(Password, ClearPassword),
        SnmpCommunity = Secret(SnmpCommunity, ClearSnmpCommunity),
        SnmpInterfaces = SnmpInterfaces,
        MonitoringEnabled = MonitoringEnabled,
        ProbeIntervalSeconds = ProbeIntervalSeconds,
        Probes = Probes.Count > 0 ? Probes.Distinct().Order().ToList() : null,
    };

    /// <summary>Maps the form's secret field to the service's rule: null keeps the stored value, empty clears it.</summary>
    private static string? Secret(string? entered, bool clear) =>
        clear ? "" : string.IsNullOrEmpty(entered) ? null : entered;
}

/// <summary>A device offered in a picker, such as the parent device of the edit dialog.</summary>
public sealed record DeviceOption(long Id, string Code, string Name, DeviceKind Kind)
{
    public static DeviceOption From(DeviceResponse device) => new(device.Id, device.Code, device.Name, device.Kind);
}
