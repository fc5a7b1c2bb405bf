using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Devices;

/// <summary>Device counts per health state. Devices never probed count as Unknown.</summary>
public sealed record DeviceStateCounts(int Online, int Degraded, int Offline, int Unknown)
{
    public static DeviceStateCounts Zero { get; } = new(0, 0, 0, 0);

    public int Total => Online + Degraded + Offline + Unknown;

    /// <summary>
    /// The online rate at this moment: Online and Degraded ÷ every device with a known state, or null when no
    /// device has one. Unknown devices are left out, as they are from the online rate over a period.
    /// </summary>
    public double? OnlineRate => Online + Degraded + Offline == 0 ? null : (Online + Degraded) / (double)(Online + Degraded + Offline);

    public int this[HealthState state] => state switch
    {
        HealthState.Online => Online,
        HealthState.Degraded => Degraded,
        HealthState.Offline => Offline,
        _ => Unknown,
    };

    public DeviceStateCounts Add(HealthState state, int count) => state switch
    {
        HealthState.Online => this with { Online = Online + count },
        HealthState.Degraded => this with { Degraded = Degraded + count },
        HealthState.Offline => this with { Offline = Offline + count },
        _ => this with { Unknown = Unknown + count },
    };

    public DeviceStateCounts Add(DeviceStateCounts other) =>
        new(Online + other.Online, Degraded + other.Degraded, Offline + other.Offline, Unknown + other.Unknown);
}

/// <summary>The device counts of one organization's subtree.</summary>
public sealed record OrganizationStateCounts(long OrganizationId, string Name, DeviceStateCounts Counts);

/// <summary>The device counts of an organization's subtree, and of each of its children's subtrees.</summary>
public sealed record StateCountBreakdown(DeviceStateCounts Total, IReadOnlyList<OrganizationStateCounts> Organizations);

/// <summary>Which devices a count covers.</summary>
public enum DeviceScope
{
    /// <summary>Every device in the ledger.</summary>
    All,

    /// <summary>Camera points (点位), what O&amp;M contracts and the online rate count.</summary>
    CameraPoints,
}

public static class DeviceQueryExtensions
{
    /// <summary>
    /// Keeps the camera points (点位): channels, and cameras that have no channel of their own, so that a camera
    /// reporting one video channel counts once.
    /// </summary>
    public static IQueryable<Device> CameraPoints(this IQueryable<Device> devices, WatchkeeperDbContext db) =>
        devices.Where(d => d.Kind == DeviceKind.Channel
            || (d.Kind == DeviceKind.Camera && !db.Devices.Any(c => c.ParentId == d.Id && c.Kind == DeviceKind.Channel)));
}
