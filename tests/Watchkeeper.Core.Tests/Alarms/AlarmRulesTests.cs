using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using static Watchkeeper.Core.Tests.Monitoring.Rounds;

namespace Watchkeeper.Core.Tests.Alarms;

public sealed class AlarmRulesTests
{
    private readonly DeviceHealth _health = DeviceHealth.CreateUnknown(1, Start);
    private readonly List<Alarm> _alarms = [];

    [Fact]
    public void Apply_DeviceGoesOffline_OpensOneOfflineAlarm()
    {
        Run(0, Up(ProbeKind.Rtsp));
        for (var minute = 1; minute <= 3; minute++)
        {
            Run(minute, Down(ProbeKind.Rtsp));
        }

        var alarm = _alarms.ShouldHaveSingleItem();
        alarm.Type.ShouldBe(AlarmType.Offline);
        alarm.State.ShouldBe(AlarmState.Open);
        alarm.FirstSeenAt.ShouldBe(Start.AddMinutes(3).AddSeconds(1));
    }

    [Fact]
    public void Apply_StillOffline_CountsOccurrences()
    {
        for (var minute = 0; minute < 6; minute++)
        {
            Run(minute, Down(ProbeKind.Rtsp));
        }

        var alarm = _alarms.ShouldHaveSingleItem();
        alarm.OccurrenceCount.ShouldBe(4);
        alarm.LastSeenAt.ShouldBe(Start.AddMinutes(5).AddSeconds(1));
    }

    [Fact]
    public void Apply_DeviceRecovers_ResolvesOfflineAlarm()
    {
        for (var minute = 0; minute < 3; minute++)
        {
            Run(minute, Down(ProbeKind.Rtsp));
        }

        Run(4, Up(ProbeKind.Rtsp));

        var alarm = _alarms.ShouldHaveSingleItem();
        alarm.State.ShouldBe(AlarmState.Resolved);
        alarm.ResolvedAt.ShouldBe(Start.AddMinutes(4).AddSeconds(1));
        alarm.Activities.Select(a => a.Action).ShouldBe([AlarmAction.Opened, AlarmAction.Resolved]);
    }

    [Fact]
    public void Apply_Finding_OpensAlarmWithSourceProbe()
    {
        Run(0, Up(ProbeKind.Onvif, ClockSkew));

        var alarm = _alarms.ShouldHaveSingleItem();
        alarm.Type.ShouldBe(AlarmType.ClockSkew);
        alarm.SourceProbe.ShouldBe(ProbeKind.Onvif);
    }

    [Fact]
    public void Apply_SourceProbeDown_KeepsFindingAlarmOpen()
    {
        Run(0, Up(ProbeKind.Onvif, ClockSkew), Up(ProbeKind.Rtsp));

        Run(1, Down(ProbeKind.Onvif), Up(ProbeKind.Rtsp));

        _alarms.ShouldHaveSingleItem().State.ShouldBe(AlarmState.Open);
    }

    [Fact]
    public void Apply_SourceProbeCleanAgain_ResolvesFindingAlarm()
    {
        Run(0, Up(ProbeKind.Onvif, ClockSkew));

        Run(1, Up(ProbeKind.Onvif));

        _alarms.ShouldHaveSingleItem().State.ShouldBe(AlarmState.Resolved);
    }

    [Fact]
    public void Apply_TwoDisksFail_OpensOneAlarmPerDisk()
    {
        var disk1 = new Finding(AlarmType.DiskAbnormal, "HDD 1", "error");
        var disk2 = new Finding(AlarmType.DiskAbnormal, "HDD 2", "error");

        Run(0, Up(ProbeKind.HttpApi, disk1, disk2));
        Run(1, Up(ProbeKind.HttpApi, disk2));

        _alarms.Count.ShouldBe(2);
        _alarms.Single(a => a.Subject == "HDD 1").State.ShouldBe(AlarmState.Resolved);
        _alarms.Single(a => a.Subject == "HDD 2").State.ShouldBe(AlarmState.Open);
    }

    [Fact]
    public void Apply_ParentOffline_AttributesNewAlarmToParent()
    {
        for (var minute = 0; minute < 3; minute++)
        {
            Run(minute, ancestor: 99, Down(ProbeKind.Rtsp));
        }

        _alarms.ShouldHaveSingleItem().CausedByDeviceId.ShouldBe(99);
    }

    [Fact]
    public void Apply_ParentBackChildStillDown_DetachesAlarm()
    {
        for (var minute = 0; minute < 3; minute++)
        {
            Run(minute, ancestor: 99, Down(ProbeKind.Rtsp));
        }

        Run(3, ancestor: null, Down(ProbeKind.Rtsp));

        var alarm = _alarms.ShouldHaveSingleItem();
        alarm.CausedByDeviceId.ShouldBeNull();
        alarm.Activities.Select(a => a.Action).ShouldContain(AlarmAction.DetachedFromParent);
    }

    [Fact]
    public void Acknowledge_OpenAlarm_Succeeds()
    {
        var alarm = Alarm.Open(1, AlarmType.Offline, "", "down", Start);

        var result = alarm.Acknowledge("engineer", Start.AddMinutes(1), "on my way");

        result.IsSuccess.ShouldBeTrue();
        alarm.State.ShouldBe(AlarmState.Acknowledged);
        alarm.AcknowledgedBy.ShouldBe("engineer");
    }

    [Fact]
    public void Acknowledge_Twice_IsRejected()
    {
        var alarm = Alarm.Open(1, AlarmType.Offline, "", "down", Start);
        alarm.Acknowledge("engineer", Start.AddMinutes(1));

        var result = alarm.Acknowledge("engineer", Start.AddMinutes(2));

        result.IsSuccess.ShouldBeFalse();
        result.Error!.Code.ShouldBe("alarm.state.not_open");
    }

    [Fact]
    public void Resolve_AcknowledgedAlarm_Succeeds()
    {
        var alarm = Alarm.Open(1, AlarmType.Offline, "", "down", Start);
        alarm.Acknowledge("engineer", Start.AddMinutes(1));

        alarm.Resolve(Start.AddMinutes(5), "answered").IsSuccess.ShouldBeTrue();

        alarm.State.ShouldBe(AlarmState.Resolved);
    }

    [Fact]
    public void Recur_ResolvedAlarm_Throws()
    {
        var alarm = Alarm.Open(1, AlarmType.Offline, "", "down", Start);
        alarm.Resolve(Start.AddMinutes(5), "answered");

        Should.Throw<InvalidOperationException>(() => alarm.Recur(Start.AddMinutes(6), "down"));
    }

    private void Run(int minute, params ProbeOutcome[] outcomes) => Run(minute, null, outcomes);

    private void Run(int minute, long? ancestor, params ProbeOutcome[] outcomes)
    {
        var round = At(minute, outcomes);
        _health.ApplyRound(round, DeviceKind.Camera, HealthThresholds.Default);
        var opened = AlarmRules.Apply(_health, round, _alarms.Where(a => a.IsActive).ToList(), ancestor);
        _alarms.AddRange(opened);
    }
}
