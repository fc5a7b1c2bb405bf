using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Tickets;

/// <summary>
/// What makes a fault one level: the failing device kinds, the number of cameras of one site it affects, or a
/// whole site down. Levels without criteria (4: consultation) match nothing and are chosen by hand.
/// </summary>
public sealed record FaultLevelCriteria(int Level, IReadOnlyList<DeviceKind> DeviceKinds, int? MinAffectedCameras = null, bool SiteOutage = false);

/// <summary>The facts of a fault that the linked alarms show.</summary>
/// <param name="FaultyDeviceKinds">The kinds of the devices whose own alarms are linked (root alarms, not consequences).</param>
/// <param name="MaxAffectedCamerasPerSite">The largest number of cameras of one site that the fault takes down, consequences included.</param>
/// <param name="SiteOutage">Whether a site-outage incident or a whole site offline is linked.</param>
public sealed record FaultEvidence(IReadOnlyList<DeviceKind> FaultyDeviceKinds, int MaxAffectedCamerasPerSite, bool SiteOutage)
{
    public static FaultEvidence None { get; } = new([], 0, false);

    public bool HasDevices => FaultyDeviceKinds.Count > 0 || MaxAffectedCamerasPerSite > 0;
}

/// <summary>Fault level suggestion (1 most severe … 4) from the evidence. People change a level only with a reason.</summary>
public static class FaultLevels
{
    /// <summary>
    /// The shipped criteria: 1 the platform (servers, storage) or a whole site down; 2 a recorder or at least 10
    /// cameras of one site; 3 any other device fault (a single camera, a partial function); 4 consultation.
    /// </summary>
    public static IReadOnlyList<FaultLevelCriteria> Defaults { get; } =
    [
        new(1, [DeviceKind.Server, DeviceKind.Storage], SiteOutage: true),
        new(2, [DeviceKind.Recorder], MinAffectedCameras: 10),
        new(3, [DeviceKind.Camera, DeviceKind.Channel, DeviceKind.Encoder, DeviceKind.Switch, DeviceKind.AlarmInput], MinAffectedCameras: 1),
        new(4, []),
    ];

    public static int Suggest(IReadOnlyList<FaultLevelCriteria> criteria, FaultEvidence evidence)
    {
        foreach (var level in criteria.OrderBy(c => c.Level))
        {
            if ((level.SiteOutage && evidence.SiteOutage)
                || level.DeviceKinds.Intersect(evidence.FaultyDeviceKinds).Any()
                || (level.MinAffectedCameras is { } cameras && evidence.MaxAffectedCamerasPerSite >= cameras))
            {
                return level.Level;
            }
        }

        return evidence.HasDevices ? Math.Min(3, Ticket.MaxLevel) : Ticket.MaxLevel;
    }
}
