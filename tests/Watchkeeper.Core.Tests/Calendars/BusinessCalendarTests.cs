using Watchkeeper.Core.Calendars;

namespace Watchkeeper.Core.Tests.Calendars;

public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo s_china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // 2026-10-01 (Thursday) and 2026-10-02 (Friday) are holidays; Saturday 2026-10-10 is a make-up working day.
    private static readonly BusinessCalendar s_calendar = new(
        s_china,
        BusinessCalendar.Default().HoursOfWeek(),
        holidays: [new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 2)],
        makeUpWorkingDays: [new DateOnly(2026, 10, 10)]);

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(12, 7, 9, 0, true)] // Monday at opening
    [InlineData(12, 7, 17, 59, true)]
    [InlineData(12, 7, 18, 0, false)] // closing is exclusive
    [InlineData(12, 7, 8, 59, false)]
    [InlineData(12, 5, 10, 0, false)] // Saturday
    [InlineData(10, 1, 10, 0, false)] // holiday on a Thursday
    [InlineData(10, 10, 10, 0, true)] // make-up working Saturday
    [InlineData(10, 11, 10, 0, false)] // ordinary Sunday
    public void IsWorkingTime_Cases_FollowWeekHolidaysAndMakeUpDays(int month, int day, int hour, int minute, bool expected) =>
        s_calendar.IsWorkingTime(Local(month, day, hour, minute)).ShouldBe(expected);

    [Fact]
    public void IsWorkingTime_UtcInstant_UsesCalendarZone()
    {
        // 01:30 UTC on Monday is 09:30 in Shanghai.
        s_calendar.IsWorkingTime(new DateTimeOffset(2026, 12, 7, 1, 30, 0, TimeSpan.Zero)).ShouldBeTrue();
    }

    [Fact]
    public void NextWorkingTransition_FridayEvening_IsMondayOpening()
    {
        s_calendar.NextWorkingTransition(Local(12, 4, 19)).ShouldBe(Local(12, 7, 9));
    }

    [Fact]
    public void NextWorkingTransition_DuringWork_IsClosing()
    {
        s_calendar.NextWorkingTransition(Local(12, 7, 10)).ShouldBe(Local(12, 7, 18));
    }

    [Fact]
    public void NextWorkingTransition_BeforeHoliday_SkipsToMakeUpWeek()
    {
        // Wednesday evening before the holidays: Thursday and Friday are off, the weekend too, so Monday 10-05 opens.
        s_calendar.NextWorkingTransition(Local(9, 30, 18)).ShouldBe(Local(10, 5, 9));
    }

    [Fact]
    public void NextWorkingTransition_FridayBeforeMakeUpDay_IsSaturdayOpening()
    {
        s_calendar.NextWorkingTransition(Local(10, 9, 18)).ShouldBe(Local(10, 10, 9));
    }

    [Fact]
    public void NextWorkingTransition_NoWorkingHours_ReturnsNull()
    {
        var never = new BusinessCalendar(s_china, new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>());

        never.NextWorkingTransition(Local(12, 7, 10)).ShouldBeNull();
    }

    [Fact]
    public void AddWorkingTime_AcrossWeekend_CountsOnlyWorkingMinutes()
    {
        // 30 minutes are left on Friday; the other 30 run from Monday 09:00.
        s_calendar.AddWorkingTime(Local(12, 4, 17, 30), TimeSpan.FromMinutes(60)).ShouldBe(Local(12, 7, 9, 30));
    }

    [Fact]
    public void AddWorkingTime_OutsideHours_StartsAtOpening()
    {
        s_calendar.AddWorkingTime(Local(12, 7, 6), TimeSpan.FromMinutes(15)).ShouldBe(Local(12, 7, 9, 15));
    }

    [Fact]
    public void AddWorkingTime_OverHoliday_SkipsHoliday()
    {
        s_calendar.AddWorkingTime(Local(9, 30, 17), TimeSpan.FromHours(2)).ShouldBe(Local(10, 5, 10));
    }

    [Fact]
    public void WorkingTimeBetween_MondayToTuesday_CountsNineHours()
    {
        s_calendar.WorkingTimeBetween(Local(12, 7, 12), Local(12, 8, 12)).ShouldBe(TimeSpan.FromHours(9));
    }

    [Fact]
    public void Default_Weekdays_NineToSix()
    {
        var calendar = BusinessCalendar.Default();

        calendar.TimeZone.Id.ShouldBe("Asia/Shanghai");
        calendar.HoursOf(DayOfWeek.Wednesday).ShouldBe([new WorkingPeriod(new TimeOnly(9, 0), new TimeOnly(18, 0))]);
        calendar.HoursOf(DayOfWeek.Sunday).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(23, 0, true)]
    [InlineData(2, 0, true)]
    [InlineData(7, 0, false)]
    [InlineData(12, 0, false)]
    [InlineData(22, 0, true)]
    public void DailyTimeRange_AcrossMidnight_ContainsNight(int hour, int minute, bool expected)
    {
        var quiet = new DailyTimeRange(new TimeOnly(22, 0), new TimeOnly(7, 0));

        quiet.Contains(Local(12, 7, hour, minute), s_china).ShouldBe(expected);
    }

    [Fact]
    public void DailyTimeRange_NextEnd_IsNextMorning()
    {
        var quiet = new DailyTimeRange(new TimeOnly(22, 0), new TimeOnly(7, 0));

        quiet.NextEnd(Local(12, 7, 23), s_china).ShouldBe(Local(12, 8, 7));
        quiet.NextEnd(Local(12, 8, 3), s_china).ShouldBe(Local(12, 8, 7));
    }
}
