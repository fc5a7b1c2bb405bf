using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using static Watchkeeper.Core.Tests.Monitoring.Rounds;

namespace Watchkeeper.Core.Tests.Alarms;

public sealed class FlappingTests
{
    private static readonly FlappingPolicy Policy = new(3, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(15));

    private readonly DeviceHealth _health = DeviceHealth.CreateUnknown(1, Start);
    private readonly List<Alarm> _alarms = [];

    [Fact]
    public void Apply_FaultBackWithinPeriod_ReopensSameAlarm()
    {
        Run(0, Up(ProbeKind.Onvif, ClockSkew));
        Run(1, Up(ProbeKind.Onvif));

        Run(5, Up(ProbeKind.Onvif, ClockSkew));

        var alarm = _alarms.ShouldHaveSingleItem();
        alarm.State.ShouldBe(AlarmState.Open);
        alarm.ResolvedAt.ShouldBeNull();
        alarm.OccurrenceCount.ShouldBe(2);
        alarm.FirstSeenAt.ShouldBe(Start.AddSeconds(1));
        alarm.LastSeenAt.ShouldBe(Start.AddMinutes(5).AddSeconds(1));
        alarm.Activities.Select(a => a.Action).ShouldBe([AlarmAction.Opened, AlarmAction.Resolved, AlarmAction.Reopened]);
    }

    [Fact]
    public void Apply_FaultBackAfterPeriod_OpensNewAlarm()
    {
        Run(0, Up(ProbeKind.Onvif, ClockSkew));
        Run(1, Up(ProbeKind.Onvif));

        Run(40, Up(ProbeKind.Onvif, ClockSkew));

        _alarms.Count.ShouldBe(2);
        _alarms[0].State.ShouldBe(AlarmState.Resolved);
        _alarms[1].State.ShouldBe(AlarmState.Open);
    }

    [Fact]
    public void Apply_FaultBackAfterClosedCleared_OpensNew()
    {
        Run(0, Up(ProbeKind.Onvif, ClockSkew));
        _alarms[0].Close("engineer", Start.AddMinutes(1), "known fault").IsSuccess.ShouldBeTrue();
        Run(2, Up(ProbeKind.Onvif, ClockSkew));
        Run(3, Up(ProbeKind.Onvif));

        Run(4, Up(ProbeKind.Onvif, ClockSkew));

        _alarms.Count.ShouldBe(2);
        _alarms[0].State.ShouldBe(AlarmState.Closed);
        _alarms[0].OccurrenceCount.ShouldBe(2);
        _alarms[0].ResolvedAt.ShouldBe(Start.AddMinutes(3).AddSeconds(1));
        _alarms[1].State.ShouldBe(AlarmState.Open);
    }

    [Fact]
    public void Apply_ReopenedTransitionsTimes_StartsFlapping()
    {
        Cycle(0, 3);

        var alarm = _alarms.ShouldHaveSingleItem();
        alarm.IsFlapping.ShouldBeTrue();
        alarm.FlappingSettlesAt.ShouldBe(Start.AddMinutes(6).AddSeconds(1) + Policy.Settle);
        alarm.Activities.Count(a => a.Action == AlarmAction.FlappingStarted).ShouldBe(1);
    }

    [Fact]
    public void Apply_FewerReopenings_DoesNotFlap()
    {
        Cycle(0, 2);

        _alarms.ShouldHaveSingleItem().IsFlapping.ShouldBeFalse();
    }

    [Fact]
    public void Apply_ReopeningsSpreadBeyondPeriod_DoesNotFlap()
    {
        Run(0, Up(ProbeKind.Onvif, ClockSkew));
        for (var minute = 20; minute <= 80; minute += 20)
        {
            Run(minute - 1, Up(ProbeKind.Onvif));
            Run(minute, Up(ProbeKind.Onvif, ClockSkew));
        }

        var alarm = _alarms.ShouldHaveSingleItem();
        alarm.Activities.Count(a => a.Action == AlarmAction.Reopened).ShouldBe(4);
        alarm.IsFlapping.ShouldBeFalse();
    }

    [Fact]
    public void Resolve_WhileFlapping_MovesSettleTime()
    {
        Cycle(0, 3);
        var alarm = _alarms[0];
        Run(10, Up(ProbeKind.Onvif));

        alarm.SettleFlapping(Start.AddMinutes(24));
        alarm.IsFlapping.ShouldBeTrue();
        alarm.FlappingSettlesAt.ShouldBe(Start.AddMinutes(25).AddSeconds(1));

        alarm.SettleFlapping(Start.AddMinutes(26));
        alarm.IsFlapping.ShouldBeFalse();
        alarm.FlappingSettlesAt.ShouldBeNull();
        alarm.Activities.Last().Action.ShouldBe(AlarmAction.FlappingStopped);
    }

    [Fact]
    public void Reopen_ClosedAlarm_Throws()
    {
        var alarm = Alarm.Open(1, AlarmType.Offline, "", "down", Start);
        alarm.Close("engineer", Start.AddMinutes(1), "replaced");
        alarm.Resolve(Start.AddMinutes(2), "answered");

        Should.Throw<InvalidOperationException>(() => alarm.Reopen(Start.AddMinutes(3), "down", Policy));
    }

    /// <summary>Opens the clock-skew alarm at <paramref name="minute"/>, then resolves and reopens it <paramref name="reopenings"/> times a minute apart.</summary>
    private void Cycle(int minute, int reopenings)
    {
        Run(minute, Up(ProbeKind.Onvif, ClockSkew));
        for (var i = 1; i <= reopenings; i++)
        {
            Run(minute + (2 * i) - 1, Up(ProbeKind.Onvif));
            Run(minute + (2 * i), Up(ProbeKind.Onvif, ClockSkew));
        }
    }

    private void Run(int minute, params ProbeOutcome[] outcomes)
    {
        var round = At(minute, outcomes);
        _health.ApplyRound(round, DeviceKind.Camera, HealthThresholds.Default);
        var active = _alarms.Where(a => a.IsFaultPresent).ToList();
        var resolved = _alarms.Where(a => !a.IsFaultPresent).ToList();
        var opened = AlarmRules.Apply(_health, round, active, null, resolved, Policy);
        _alarms.AddRange(opened);
    }
}
