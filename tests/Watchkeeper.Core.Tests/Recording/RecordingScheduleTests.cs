using Watchkeeper.Core.Recording;

namespace Watchkeeper.Core.Tests.Recording;

public sealed class RecordingScheduleTests
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void AllWeek_ChinaDay_Covers24Hours()
    {
        var scheduled = RecordingSchedule.AllWeek.ScheduledOn(new DateOnly(2026, 12, 4), China);

        scheduled.ShouldBe([new TimeInterval(new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero))]);
    }

    [Fact]
    public void AllWeek_BerlinSpringForward_Covers23Hours()
    {
        var scheduled = RecordingSchedule.AllWeek.ScheduledOn(new DateOnly(2026, 3, 29), Berlin);

        IntervalSet.TotalDuration(scheduled).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void AllWeek_BerlinFallBack_Covers25Hours()
    {
        var scheduled = RecordingSchedule.AllWeek.ScheduledOn(new DateOnly(2026, 10, 25), Berlin);

        IntervalSet.TotalDuration(scheduled).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void Parse_OfficeHours_AppliesOnlyToNamedDays()
    {
        var (schedule, error) = RecordingSchedule.Parse([("Monday", "08:00", "18:00"), ("monday", "17:00", "20:30")]);

        error.ShouldBeNull();
        schedule!.RangesOf(DayOfWeek.Monday).ShouldBe([new ScheduleRange(DayOfWeek.Monday, 480, 1230)]);
        schedule.RangesOf(DayOfWeek.Tuesday).ShouldBeEmpty();
    }

    [Fact]
    public void ScheduledOn_OfficeHoursOnMonday_MapsToChinaInstants()
    {
        var (schedule, _) = RecordingSchedule.Parse([("Monday", "08:00", "18:00")]);

        var scheduled = schedule!.ScheduledOn(new DateOnly(2026, 11, 30), China);

        scheduled.ShouldBe([new TimeInterval(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero))]);
    }

    [Theory]
    [InlineData("Funday", "08:00", "09:00", "recording.schedule.day")]
    [InlineData("1", "08:00", "09:00", "recording.schedule.day")]
    [InlineData("Monday", "09:00", "08:00", "recording.schedule.range")]
    [InlineData("Monday", "24:00", "24:00", "recording.schedule.range")]
    [InlineData("Monday", "8", "09:00", "recording.schedule.range")]
    [InlineData("Monday", "08:00", "24:01", "recording.schedule.range")]
    public void Parse_BadRange_ReturnsError(string day, string start, string end, string code)
    {
        var (schedule, error) = RecordingSchedule.Parse([(day, start, end)]);

        schedule.ShouldBeNull();
        error!.Code.ShouldBe(code);
    }

    [Fact]
    public void Parse_NoRanges_IsEmptySchedule()
    {
        var (schedule, _) = RecordingSchedule.Parse([]);

        schedule!.Ranges.ShouldBeEmpty();
    }

    [Fact]
    public void IsAllWeek_WholeDaysEveryDay_IsTrue()
    {
        RecordingSchedule.AllWeek.IsAllWeek.ShouldBeTrue();
    }
}
