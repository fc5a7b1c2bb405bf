using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Alarms;

namespace Watchkeeper.Server.Tests.Alarms;

public sealed class AlarmGroupingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GroupUnderParents_ParentOnPage_MovesChildrenAfterIt()
    {
        var child1 = Alarm(1, deviceId: 11, causedBy: 10);
        var other = Alarm(2, deviceId: 20);
        var child2 = Alarm(3, deviceId: 12, causedBy: 10);
        var parent = Alarm(4, deviceId: 10);

        var ordered = AlarmGrouping.GroupUnderParents([child1, other, child2, parent]);

        ordered.Select(a => a.Id).ShouldBe([2, 4, 1, 3]);
    }

    [Fact]
    public void GroupUnderParents_ParentNotOnPage_KeepsChildInPlace()
    {
        var child = Alarm(1, deviceId: 11, causedBy: 10);
        var other = Alarm(2, deviceId: 20);

        var ordered = AlarmGrouping.GroupUnderParents([other, child]);

        ordered.Select(a => a.Id).ShouldBe([2, 1]);
    }

    [Fact]
    public void GroupUnderParents_ParentWithTwoOfflineAlarms_ListsChildrenOnce()
    {
        var newer = Alarm(5, deviceId: 10);
        var child = Alarm(6, deviceId: 11, causedBy: 10);
        var older = Alarm(1, deviceId: 10, state: AlarmState.Resolved);

        var ordered = AlarmGrouping.GroupUnderParents([newer, older, child]);

        ordered.Select(a => a.Id).ShouldBe([5, 6, 1]);
    }

    [Fact]
    public void GroupUnderParents_FindingOfParent_DoesNotCollectChildren()
    {
        var finding = Alarm(1, deviceId: 10, type: AlarmType.ClockSkew);
        var child = Alarm(2, deviceId: 11, causedBy: 10);
        var parent = Alarm(3, deviceId: 10);

        var ordered = AlarmGrouping.GroupUnderParents([finding, child, parent]);

        ordered.Select(a => a.Id).ShouldBe([1, 3, 2]);
    }

    private static AlarmResponse Alarm(long id, long deviceId, long? causedBy = null, AlarmType type = AlarmType.Offline, AlarmState state = AlarmState.Open) =>
        new(id, deviceId, $"DEV-{deviceId}", "name", type, "", AlarmSeverity.Major, state, "", null, null, At, At, 1, null, null, null,
            causedBy, causedBy is { } parent ? $"DEV-{parent}" : null, null, "", false, null, null, null, null, 0);
}
