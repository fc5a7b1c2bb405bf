using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Calendars;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Notifications;

namespace Watchkeeper.Core.Tests.Notifications;

public sealed class AlarmRoutingTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    // A camera at site 30, under region 20, under the root 10.
    private static readonly AlarmRouteSubject s_camera = new(7, 70, [30, 20, 10], DeviceKind.Camera, AlarmType.Offline, AlarmSeverity.Major, null);

    [Fact]
    public void Matches_EmptyMatch_MatchesEverything() => AlarmRouteMatch.All.Matches(s_camera).ShouldBeTrue();

    [Theory]
    [InlineData(AlarmSeverity.Major, true)]
    [InlineData(AlarmSeverity.Critical, false)]
    public void Matches_Severity_ComparesSeverity(AlarmSeverity severity, bool expected) =>
        new AlarmRouteMatch([severity], null, [], []).Matches(s_camera).ShouldBe(expected);

    [Theory]
    [InlineData(30L, true)] // the site itself
    [InlineData(10L, true)] // an ancestor
    [InlineData(31L, false)] // a sibling site
    public void Matches_Organization_IncludesDescendants(long organizationId, bool expected) =>
        new AlarmRouteMatch([], organizationId, [], []).Matches(s_camera).ShouldBe(expected);

    [Theory]
    [InlineData(DeviceKind.Camera, true)]
    [InlineData(DeviceKind.Switch, false)]
    public void Matches_DeviceKind_ComparesKind(DeviceKind kind, bool expected) =>
        new AlarmRouteMatch([], null, [kind], []).Matches(s_camera).ShouldBe(expected);

    [Theory]
    [InlineData(AlarmType.Offline, true)]
    [InlineData(AlarmType.DiskFull, false)]
    public void Matches_AlarmType_ComparesType(AlarmType type, bool expected) =>
        new AlarmRouteMatch([], null, [], [type]).Matches(s_camera).ShouldBe(expected);

    [Fact]
    public void Matches_AllFields_RequiresEach() =>
        new AlarmRouteMatch([AlarmSeverity.Major], 20, [DeviceKind.Camera], [AlarmType.DiskFull]).Matches(s_camera).ShouldBeFalse();

    [Fact]
    public void GroupKey_Fields_JoinInFixedOrder()
    {
        AlarmGroupKeys.For(s_camera, [AlarmGroupField.Severity, AlarmGroupField.Organization]).ShouldBe("organization=30;severity=Major");
        AlarmGroupKeys.For(s_camera, [AlarmGroupField.Device, AlarmGroupField.AlarmType]).ShouldBe("device=70;type=Offline");
        AlarmGroupKeys.For(s_camera, []).ShouldBe("all");
    }

    [Fact]
    public void GroupKey_Incident_OverridesFields()
    {
        var inIncident = s_camera with { IncidentId = 5 };

        AlarmGroupKeys.For(inIncident, [AlarmGroupField.Device]).ShouldBe("incident=5");
    }

    [Fact]
    public void GroupTiming_NewGroup_WaitsGroupWait()
    {
        var timing = new GroupTiming(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));

        timing.DueAfterJoin(s_at, dueAt: null, lastSentAt: null).ShouldBe(s_at.AddSeconds(30));
    }

    [Fact]
    public void GroupTiming_AfterMessage_WaitsGroupInterval()
    {
        var timing = new GroupTiming(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));
        var sent = s_at.AddMinutes(-1);

        timing.DueAfterJoin(s_at, dueAt: sent.AddHours(4), lastSentAt: sent).ShouldBe(sent.AddMinutes(5));
        timing.DueAfterJoin(s_at, dueAt: null, lastSentAt: s_at.AddMinutes(-10)).ShouldBe(s_at);
    }

    [Fact]
    public void GroupTiming_EarlierDue_Kept()
    {
        var timing = new GroupTiming(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));

        timing.DueAfterJoin(s_at, dueAt: s_at.AddSeconds(10), lastSentAt: null).ShouldBe(s_at.AddSeconds(10));
    }

    [Fact]
    public void GroupTiming_RepeatDue_AfterRepeatInterval()
    {
        var timing = new GroupTiming(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));

        timing.RepeatDue(s_at, s_at.AddHours(-4)).ShouldBeTrue();
        timing.RepeatDue(s_at, s_at.AddHours(-3)).ShouldBeFalse();
    }

    [Fact]
    public void EscalationDue_WallClockAndWorkingMinutes_Differ()
    {
        EscalationStep[] steps = [new(15, ["lead"], [], false, []), new(60, ["manager"], [], false, [])];
        var fridayLate = new DateTimeOffset(2026, 12, 4, 17, 30, 0, TimeSpan.FromHours(8));

        EscalationSchedule.DueAt(steps, 2, fridayLate, null).ShouldBe(fridayLate.AddMinutes(60));
        EscalationSchedule.DueAt(steps, 2, fridayLate, BusinessCalendar.Default()).ShouldBe(new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.FromHours(8)));
        EscalationSchedule.DueAt(steps, 3, fridayLate, null).ShouldBeNull();
    }
}
