using Watchkeeper.Core.Duty;
using Watchkeeper.Core.Recording;

namespace Watchkeeper.Core.Tests.Duty;

public sealed class RosterPatternTests
{
    private static readonly TimeZoneInfo s_china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly ShiftTemplate s_day = new("白班", new TimeOnly(8, 0), new TimeOnly(20, 0));
    private static readonly ShiftTemplate s_night = new("夜班", new TimeOnly(20, 0), new TimeOnly(8, 0));

    [Fact]
    public void Expand_ThreeTeamsOverMonth_RotatesDaily()
    {
        var pattern = new RosterPattern(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31),
            [new RotationTeam(1, [s_day, s_night]), new RotationTeam(2, [s_day, s_night]), new RotationTeam(3, [s_day, s_night])]);

        var shifts = pattern.Expand(s_china);

        shifts.Count.ShouldBe(62);
        shifts.Where(s => s.Date == new DateOnly(2026, 12, 1)).ShouldAllBe(s => s.TeamId == 1);
        shifts.Where(s => s.Date == new DateOnly(2026, 12, 2)).ShouldAllBe(s => s.TeamId == 2);
        shifts.Where(s => s.Date == new DateOnly(2026, 12, 4)).ShouldAllBe(s => s.TeamId == 1);
    }

    [Fact]
    public void Expand_TwoDaysPerTeam_KeepsTeamForTwoDays()
    {
        var pattern = new RosterPattern(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 5),
            [new RotationTeam(1, [s_day]), new RotationTeam(2, [s_day])], DaysPerTeam: 2);

        var teams = pattern.Expand(s_china).Select(s => s.TeamId).ToList();

        teams.ShouldBe([1L, 1L, 2L, 2L, 1L]);
    }

    [Fact]
    public void Expand_DayAndNight_ShiftsFollowWithoutGap()
    {
        var pattern = new RosterPattern(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 3), [new RotationTeam(1, [s_night, s_day])]);

        var shifts = pattern.Expand(s_china);

        for (var i = 1; i < shifts.Count; i++)
        {
            shifts[i].Window.Start.ShouldBe(shifts[i - 1].Window.End);
        }
    }

    [Fact]
    public void FindFirst_ContiguousShifts_ReturnsNull()
    {
        var shifts = new RosterPattern(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31), [new RotationTeam(1, [s_day, s_night])]).Expand(s_china);

        ShiftOverlap.FindFirst(shifts).ShouldBeNull();
    }

    [Fact]
    public void FindFirst_OverlappingTemplates_ReturnsPair()
    {
        var longDay = new ShiftTemplate("长白班", new TimeOnly(7, 0), new TimeOnly(21, 0));
        var shifts = new RosterPattern(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 1), [new RotationTeam(1, [longDay, s_night])]).Expand(s_china);

        var overlap = ShiftOverlap.FindFirst(shifts);

        overlap.ShouldNotBeNull();
        overlap.Value.First.Name.ShouldBe("长白班");
        overlap.Value.Second.Name.ShouldBe("夜班");
    }

    [Fact]
    public void FindFirst_OtherTeamsAtSameTime_ReturnsNull()
    {
        var window = new TimeInterval(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(12));
        PlannedShift[] shifts = [new(1, new DateOnly(1970, 1, 1), "白班", window), new(2, new DateOnly(1970, 1, 1), "白班", window)];

        ShiftOverlap.FindFirst(shifts).ShouldBeNull();
    }

    [Fact]
    public void FindFirst_ShiftInsideLongerOne_ReturnsPair()
    {
        var start = DateTimeOffset.UnixEpoch;
        PlannedShift[] shifts =
        [
            new(1, new DateOnly(1970, 1, 1), "全天", new TimeInterval(start, start.AddHours(24))),
            new(1, new DateOnly(1970, 1, 1), "早班", new TimeInterval(start.AddHours(1), start.AddHours(2))),
            new(1, new DateOnly(1970, 1, 1), "晚班", new TimeInterval(start.AddHours(20), start.AddHours(22))),
        ];

        ShiftOverlap.FindFirst(shifts)!.Value.Second.Name.ShouldBe("早班");
    }
}
