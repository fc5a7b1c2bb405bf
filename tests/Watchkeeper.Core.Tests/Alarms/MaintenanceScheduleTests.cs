using Watchkeeper.Core.Alarms;

namespace Watchkeeper.Core.Tests.Alarms;

public sealed class MaintenanceScheduleTests
{
    private static readonly TimeZoneInfo s_china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo s_berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly DateTimeOffset s_yearStart = Utc(2026, 1, 1, 0, 0);
    private static readonly DateTimeOffset s_yearEnd = Utc(2027, 1, 1, 0, 0);

    [Fact]
    public void OneOff_InsideAndAtBounds_InForceFromStartUntilEnd()
    {
        var schedule = new MaintenanceSchedule(Utc(2026, 12, 5, 2, 0), Utc(2026, 12, 5, 4, 0), null, s_china);

        schedule.IsActiveAt(Utc(2026, 12, 5, 1, 59)).ShouldBeFalse();
        schedule.IsActiveAt(Utc(2026, 12, 5, 2, 0)).ShouldBeTrue();
        schedule.OccurrenceAt(Utc(2026, 12, 5, 3, 0)).ShouldBe(new MaintenanceOccurrence(Utc(2026, 12, 5, 2, 0), Utc(2026, 12, 5, 4, 0)));
        schedule.IsActiveAt(Utc(2026, 12, 5, 4, 0)).ShouldBeFalse();
    }

    [Fact]
    public void OneOff_NextChange_IsStartThenEndThenNone()
    {
        var schedule = new MaintenanceSchedule(Utc(2026, 12, 5, 2, 0), Utc(2026, 12, 5, 4, 0), null, s_china);

        schedule.NextChangeAfter(Utc(2026, 12, 5, 0, 0)).ShouldBe(Utc(2026, 12, 5, 2, 0));
        schedule.NextChangeAfter(Utc(2026, 12, 5, 2, 0)).ShouldBe(Utc(2026, 12, 5, 4, 0));
        schedule.NextChangeAfter(Utc(2026, 12, 5, 4, 0)).ShouldBeNull();
        schedule.NextOccurrenceAfter(Utc(2026, 12, 5, 3, 0)).ShouldBeNull();
    }

    [Fact]
    public void Weekly_ChinaStandardTime_StartsAtLocalTime()
    {
        // Monday and Wednesday 02:00-04:00 in UTC+8 is Sunday and Tuesday 18:00-20:00 UTC.
        var schedule = Weekly(s_china, [DayOfWeek.Monday, DayOfWeek.Wednesday], new TimeOnly(2, 0), minutes: 120);

        schedule.OccurrenceAt(Utc(2026, 12, 6, 19, 0)).ShouldBe(new MaintenanceOccurrence(Utc(2026, 12, 6, 18, 0), Utc(2026, 12, 6, 20, 0)));
        schedule.IsActiveAt(Utc(2026, 12, 6, 17, 59)).ShouldBeFalse();
        schedule.IsActiveAt(Utc(2026, 12, 6, 20, 0)).ShouldBeFalse();
        schedule.IsActiveAt(Utc(2026, 12, 7, 19, 0)).ShouldBeFalse();
        schedule.IsActiveAt(Utc(2026, 12, 8, 19, 0)).ShouldBeTrue();
    }

    [Fact]
    public void Weekly_BetweenOccurrences_NextStartIsNextChosenDay()
    {
        var schedule = Weekly(s_china, [DayOfWeek.Monday, DayOfWeek.Wednesday], new TimeOnly(2, 0), minutes: 120);

        var next = schedule.NextOccurrenceAfter(Utc(2026, 12, 7, 0, 0));

        next.ShouldBe(new MaintenanceOccurrence(Utc(2026, 12, 8, 18, 0), Utc(2026, 12, 8, 20, 0)));
        schedule.NextChangeAfter(Utc(2026, 12, 7, 0, 0)).ShouldBe(Utc(2026, 12, 8, 18, 0));
        schedule.NextChangeAfter(Utc(2026, 12, 8, 18, 30)).ShouldBe(Utc(2026, 12, 8, 20, 0));
    }

    [Fact]
    public void Weekly_AcrossMidnight_CoversNextMorning()
    {
        // Saturday 23:00 local for three hours ends Sunday 02:00 local, although Sunday is not a chosen day.
        var schedule = Weekly(s_china, [DayOfWeek.Saturday], new TimeOnly(23, 0), minutes: 180);
        var sundayOneLocal = Utc(2026, 12, 5, 17, 0);

        schedule.OccurrenceAt(sundayOneLocal).ShouldBe(new MaintenanceOccurrence(Utc(2026, 12, 5, 15, 0), Utc(2026, 12, 5, 18, 0)));
        schedule.IsActiveAt(Utc(2026, 12, 5, 18, 0)).ShouldBeFalse();
        schedule.NextOccurrenceAfter(Utc(2026, 12, 5, 18, 0))!.Value.Start.ShouldBe(Utc(2026, 12, 12, 15, 0));
    }

    [Fact]
    public void Weekly_SpringForward_SkippedStartReadsOffsetBefore()
    {
        // Berlin skips 02:00-03:00 on 29 March 2026; 02:30 is read with +01:00, which is 03:30 CEST, 01:30 UTC.
        var schedule = Weekly(s_berlin, [DayOfWeek.Sunday], new TimeOnly(2, 30), minutes: 60);

        var occurrence = schedule.NextOccurrenceAfter(Utc(2026, 3, 28, 12, 0));

        occurrence.ShouldBe(new MaintenanceOccurrence(Utc(2026, 3, 29, 1, 30), Utc(2026, 3, 29, 2, 30)));
    }

    [Fact]
    public void Weekly_FallBack_RepeatedStartTakesFirstAndLastsElapsedDuration()
    {
        // Berlin repeats 02:00-03:00 on 25 October 2026. 01:00 CEST is 23:00 UTC; 120 minutes later clocks show 02:00 CET.
        var schedule = Weekly(s_berlin, [DayOfWeek.Sunday], new TimeOnly(1, 0), minutes: 120);

        var occurrence = schedule.NextOccurrenceAfter(Utc(2026, 10, 24, 12, 0));

        occurrence.ShouldBe(new MaintenanceOccurrence(Utc(2026, 10, 24, 23, 0), Utc(2026, 10, 25, 1, 0)));
        TimeZoneInfo.ConvertTime(occurrence!.Value.End, s_berlin).TimeOfDay.ShouldBe(TimeSpan.FromHours(2));
    }

    [Fact]
    public void Weekly_FallBack_AmbiguousStartIsFirstOccurrence()
    {
        // 02:30 on 25 October 2026 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET); the window uses the first.
        var schedule = Weekly(s_berlin, [DayOfWeek.Sunday], new TimeOnly(2, 30), minutes: 30);

        schedule.NextOccurrenceAfter(Utc(2026, 10, 24, 12, 0))!.Value.Start.ShouldBe(Utc(2026, 10, 25, 0, 30));
        schedule.IsActiveAt(Utc(2026, 10, 25, 1, 30)).ShouldBeFalse();
    }

    [Fact]
    public void Weekly_SummerAndWinter_KeepLocalStartTime()
    {
        var schedule = Weekly(s_berlin, [DayOfWeek.Monday], new TimeOnly(6, 0), minutes: 60);

        schedule.NextOccurrenceAfter(Utc(2026, 7, 1, 0, 0))!.Value.Start.ShouldBe(Utc(2026, 7, 6, 4, 0));
        schedule.NextOccurrenceAfter(Utc(2026, 12, 1, 0, 0))!.Value.Start.ShouldBe(Utc(2026, 12, 7, 5, 0));
    }

    [Fact]
    public void Cron_SundayAtTwo_InForceForDuration()
    {
        // "0 2 * * 0" is Sunday 02:00 local, Saturday 18:00 UTC in China Standard Time.
        var schedule = Cron(s_china, "0 2 * * 0", minutes: 60);

        schedule.OccurrenceAt(Utc(2026, 12, 5, 18, 30)).ShouldBe(new MaintenanceOccurrence(Utc(2026, 12, 5, 18, 0), Utc(2026, 12, 5, 19, 0)));
        schedule.IsActiveAt(Utc(2026, 12, 5, 19, 0)).ShouldBeFalse();
        schedule.NextChangeAfter(Utc(2026, 12, 5, 19, 0)).ShouldBe(Utc(2026, 12, 12, 18, 0));
    }

    [Fact]
    public void Cron_SpringForward_SkippedTimeRunsAtEndOfGap()
    {
        var schedule = Cron(s_berlin, "30 2 * * *", minutes: 30);

        schedule.NextOccurrenceAfter(Utc(2026, 3, 28, 12, 0))!.Value.Start.ShouldBe(Utc(2026, 3, 29, 1, 0));
    }

    [Fact]
    public void Cron_OverlappingOccurrences_MergeIntoOneSpan()
    {
        // Every ten minutes for thirty minutes: once started, the window never stops before its end.
        var start = Utc(2026, 12, 5, 0, 0);
        var end = Utc(2026, 12, 5, 6, 0);
        var schedule = new MaintenanceSchedule(start, end, MaintenanceRecurrence.Cron("*/10 * * * *", TimeSpan.FromMinutes(30)), s_china);

        schedule.OccurrenceAt(Utc(2026, 12, 5, 1, 5)).ShouldBe(new MaintenanceOccurrence(Utc(2026, 12, 5, 0, 40), end));
        schedule.NextChangeAfter(Utc(2026, 12, 5, 1, 5)).ShouldBe(end);
    }

    [Fact]
    public void Weekly_TouchingOccurrences_MergeIntoOneSpan()
    {
        // Every day 00:00 for 24 hours: one span from the first occurrence to the window's end.
        var days = Enum.GetValues<DayOfWeek>();
        var schedule = new MaintenanceSchedule(Utc(2026, 12, 1, 0, 0), Utc(2026, 12, 10, 0, 0),
            MaintenanceRecurrence.Weekly(days, TimeOnly.MinValue, TimeSpan.FromHours(24)), TimeZoneInfo.Utc);

        schedule.OccurrenceAt(Utc(2026, 12, 3, 12, 0))!.Value.End.ShouldBe(Utc(2026, 12, 10, 0, 0));
    }

    [Fact]
    public void Recurring_EndOfRecurrence_CutsLastOccurrenceAndStops()
    {
        // Sunday 02:00-04:00 local; the recurrence ends at 03:00 local on Sunday 13 December.
        var end = Utc(2026, 12, 12, 19, 0);
        var schedule = new MaintenanceSchedule(s_yearStart, end,
            MaintenanceRecurrence.Weekly([DayOfWeek.Sunday], new TimeOnly(2, 0), TimeSpan.FromHours(2)), s_china);

        schedule.OccurrenceAt(Utc(2026, 12, 12, 18, 30)).ShouldBe(new MaintenanceOccurrence(Utc(2026, 12, 12, 18, 0), end));
        schedule.IsActiveAt(end).ShouldBeFalse();
        schedule.NextOccurrenceAfter(end).ShouldBeNull();
        schedule.NextChangeAfter(Utc(2026, 12, 12, 18, 30)).ShouldBe(end);
        schedule.NextChangeAfter(end).ShouldBeNull();
    }

    [Fact]
    public void Recurring_StartInsideOccurrence_InForceFromStart()
    {
        // The occurrence began at 02:00 local but the window starts at 03:00 local.
        var start = Utc(2026, 12, 5, 19, 0);
        var schedule = new MaintenanceSchedule(start, s_yearEnd,
            MaintenanceRecurrence.Weekly([DayOfWeek.Sunday], new TimeOnly(2, 0), TimeSpan.FromHours(2)), s_china);

        schedule.IsActiveAt(Utc(2026, 12, 5, 18, 30)).ShouldBeFalse();
        schedule.NextOccurrenceAfter(Utc(2026, 12, 5, 12, 0)).ShouldBe(new MaintenanceOccurrence(start, Utc(2026, 12, 5, 20, 0)));
        schedule.OccurrenceAt(start)!.Value.Start.ShouldBe(start);
    }

    [Fact]
    public void Recurring_BeforeStart_NextOccurrenceIsFirstAfterStart()
    {
        var schedule = new MaintenanceSchedule(Utc(2026, 12, 10, 0, 0), s_yearEnd,
            MaintenanceRecurrence.Weekly([DayOfWeek.Sunday], new TimeOnly(2, 0), TimeSpan.FromHours(1)), s_china);

        schedule.NextChangeAfter(Utc(2026, 12, 1, 0, 0)).ShouldBe(Utc(2026, 12, 12, 18, 0));
    }

    [Fact]
    public void Constructor_EndNotAfterStart_Throws()
    {
        Should.Throw<ArgumentException>(() => new MaintenanceSchedule(s_yearStart, s_yearStart, null, s_china));
    }

    [Fact]
    public void Constructor_InvalidRecurrence_Throws()
    {
        Should.Throw<ArgumentException>(() => new MaintenanceSchedule(s_yearStart, s_yearEnd, MaintenanceRecurrence.Cron("0 25 * * *", TimeSpan.FromHours(1)), s_china));
        Should.Throw<ArgumentException>(() => new MaintenanceSchedule(s_yearStart, s_yearEnd, MaintenanceRecurrence.Weekly([], TimeOnly.MinValue, TimeSpan.FromHours(1)), s_china));
        Should.Throw<ArgumentException>(() => new MaintenanceSchedule(s_yearStart, s_yearEnd,
            MaintenanceRecurrence.Weekly([DayOfWeek.Monday], TimeOnly.MinValue, TimeSpan.FromDays(8)), s_china));
    }

    [Theory]
    [InlineData("0 2 * * 0", true)]
    [InlineData("*/15 1-5 * * MON-FRI", true)]
    [InlineData("0 25 * * *", false)]
    [InlineData("0 0 2 * * 0", false)]
    [InlineData("", false)]
    public void TryParseCron_StandardFiveFields_Parses(string expression, bool valid)
    {
        (MaintenanceRecurrence.TryParseCron(expression) is not null).ShouldBe(valid);
    }

    private static MaintenanceSchedule Weekly(TimeZoneInfo zone, DayOfWeek[] days, TimeOnly startTime, int minutes) =>
        new(s_yearStart, s_yearEnd, MaintenanceRecurrence.Weekly(days, startTime, TimeSpan.FromMinutes(minutes)), zone);

    private static MaintenanceSchedule Cron(TimeZoneInfo zone, string expression, int minutes) =>
        new(s_yearStart, s_yearEnd, MaintenanceRecurrence.Cron(expression, TimeSpan.FromMinutes(minutes)), zone);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
