using Watchkeeper.Simulator.Devices;
using Watchkeeper.Simulator.Fleet;

namespace Watchkeeper.Simulator.Faults;

/// <summary>
/// The demo's story, timed for a platform that probes every 15 s and marks a device Offline after 3 failed rounds
/// (about 45 s). Within 5 minutes of the start a new user sees devices go offline, alarms open and close, and the
/// online rate fall and recover.
/// </summary>
/// <remarks>
/// With the default fleet of 50 cameras, 2 recorders and 2 switches:
/// <code>
/// start  DEMO-CAM-007 password changed on the device    → authentication failed from the first round
/// start  DEMO-CAM-012 clock +8 h                        → clock skew from the first round
/// start  DEMO-CAM-015 blurred, DEMO-CAM-018 lens covered, DEMO-CAM-021 frozen picture, DEMO-CAM-024 black screen
///                                                       → video quality faults at the first diagnosis
/// 0:20   DEMO-CAM-003 loses power                       → Offline about 1:05
/// 1:00   DEMO-NVR-01 disk 2 fails                       → disk alarm about 1:15
/// 1:30   DEMO-SW-02 goes down with 25 cameras, NVR-02   → Offline about 2:15; the online rate halves
/// 2:00   DEMO-CAM-009 turned away from its view         → scene change against the reference taken before
/// 2:30   DEMO-CAM-003 power back                        → its alarm resolves about 2:45
/// 4:00   DEMO-SW-02 back up                             → alarms resolve about 4:15
/// 6:00   DEMO-NVR-01 disk 2 repaired
/// 8:00   DEMO-CAM-009 turned back
/// 10:00  the cycle starts again (power, switch, disk and view faults; the password, the clock and the
///        pictures of start stay wrong)
/// </code>
/// With a GB/T 28181 fleet attached (<see cref="SimulatedFleet.AttachGbFleet"/>), also:
/// <code>
/// start  first GB recorder sends its catalog in one-item messages
/// start  second GB camera reports channel names outside GB2312 (萳), sent as GB18030
/// 0:30   first GB camera stops its keepalives → Offline after HeartBeatCount intervals (3 min at 60 s × 3)
/// 5:00   first GB camera sends keepalives again
/// </code>
/// </remarks>
public static class DemoScenario
{
    public static readonly TimeSpan CameraPowerLostAt = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan DiskFailsAt = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan SwitchDownAt = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan CameraPowerBackAt = TimeSpan.FromSeconds(150);
    public static readonly TimeSpan SwitchUpAt = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan DiskRepairedAt = TimeSpan.FromMinutes(6);
    public static readonly TimeSpan ViewMovedAt = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan ViewRestoredAt = TimeSpan.FromMinutes(8);

    /// <summary>How far the one camera's clock is off, as when its local time (UTC+8) was entered as UTC.</summary>
    public static readonly TimeSpan ClockOffset = TimeSpan.FromHours(8);

    /// <summary>The password set on the device by the "password changed" fault.</summary>
    public const string ChangedPassword = "Changed-on-site-1";

    public const int FailingDisk = 2;

    public static readonly TimeSpan GbKeepalivesStopAt = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan GbKeepalivesResumeAt = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Builds the story for <paramref name="fleet"/>: the camera faults go to cameras on the first switch and the
    /// outage to the last switch, so the faults stay apart; parts whose devices the fleet lacks are left out.
    /// </summary>
    public static FaultScenario Create(SimulatedFleet fleet, FaultScriptOptions options)
    {
        if (options.CycleLength <= ViewRestoredAt)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CycleLength, $"The demo cycle must be longer than {ViewRestoredAt}, when its last fault happens.");
        }

        var outage = fleet.Switches.Count > 0 ? fleet.Switches[^1] : null;
        var pool = fleet.Cameras.Where(camera => outage is null || fleet.Switches.Count == 1 || camera.Info.ParentCode != outage.Code).ToList();
        var chosen = new HashSet<string>();
        var powerCamera = Pick(pool, 2, chosen);
        var passwordCamera = Pick(pool, 6, chosen);
        var clockCamera = Pick(pool, 11, chosen);
        var pictureCameras = new (int Index, Devices.PictureFaultKind Kind)[]
        {
            (14, Devices.PictureFaultKind.Blur),
            (17, Devices.PictureFaultKind.Occlusion),
            (20, Devices.PictureFaultKind.FrozenPicture),
            (23, Devices.PictureFaultKind.SignalLoss),
        }.Select(picture => (Camera: Pick(pool, picture.Index, chosen), picture.Kind)).ToList();
        var movedCamera = Pick(pool, 8, chosen);
        var recorder = fleet.Recorders.Count > 0 ? fleet.Recorders[0] : null;

        var atStart = new List<DeviceFault>();
        if (passwordCamera is not null)
        {
            atStart.Add(new PasswordChanged(passwordCamera.Code, ChangedPassword));
        }

        if (clockCamera is not null)
        {
            atStart.Add(new ClockOffset(clockCamera.Code, ClockOffset));
        }

        foreach (var (camera, kind) in pictureCameras)
        {
            if (camera is not null)
            {
                atStart.Add(new PictureFault(camera.Code, kind));
            }
        }

        var cycle = new List<ScheduledFault>();
        if (movedCamera is not null)
        {
            cycle.Add(new(ViewMovedAt, new PictureFault(movedCamera.Code, Devices.PictureFaultKind.SceneChange)));
            cycle.Add(new(ViewRestoredAt, new PictureRestored(movedCamera.Code)));
        }

        if (powerCamera is not null)
        {
            cycle.Add(new(CameraPowerLostAt, new PowerLost(powerCamera.Code)));
            cycle.Add(new(CameraPowerBackAt, new PowerRestored(powerCamera.Code)));
        }

        if (recorder is not null)
        {
            cycle.Add(new(DiskFailsAt, new DiskFailed(recorder.Code, FailingDisk)));
            cycle.Add(new(DiskRepairedAt, new DiskRepaired(recorder.Code, FailingDisk)));
        }

        if (outage is not null)
        {
            cycle.Add(new(SwitchDownAt, new SwitchDown(outage.Code)));
            cycle.Add(new(SwitchUpAt, new SwitchUp(outage.Code)));
        }

        AddGbFaults(fleet, atStart, cycle);
        return new FaultScenario(atStart, cycle.OrderBy(step => step.At).ToList(), options.CycleLength);
    }

    private static void AddGbFaults(SimulatedFleet fleet, List<DeviceFault> atStart, List<ScheduledFault> cycle)
    {
        var ids = fleet.GbFleet?.DeviceIds ?? [];
        var recorder = ids.FirstOrDefault(id => id.Substring(10, 3) is "118" or "111");
        var cameras = ids.Where(id => id.Substring(10, 3) == "132").ToList();
        if (recorder is not null)
        {
            atStart.Add(new GbFaultChanged(recorder, Gb28181.GbFault.CatalogSingleItems, Active: true));
        }

        if (cameras.Count > 1)
        {
            atStart.Add(new GbFaultChanged(cameras[1], Gb28181.GbFault.NamesOutsideGb2312, Active: true));
        }

        if (cameras.Count > 0)
        {
            cycle.Add(new(GbKeepalivesStopAt, new GbFaultChanged(cameras[0], Gb28181.GbFault.KeepalivesStopped, Active: true)));
            cycle.Add(new(GbKeepalivesResumeAt, new GbFaultChanged(cameras[0], Gb28181.GbFault.KeepalivesStopped, Active: false)));
        }
    }

    /// <summary>Picks the camera at <paramref name="preferred"/>, or the nearest one before it not yet chosen.</summary>
    private static SimulatedCamera? Pick(List<SimulatedCamera> pool, int preferred, HashSet<string> chosen)
    {
        for (var index = Math.Min(preferred, pool.Count - 1); index >= 0; index--)
        {
            if (chosen.Add(pool[index].Code))
            {
                return pool[index];
            }
        }

        return pool.FirstOrDefault(camera => chosen.Add(camera.Code));
    }
}
