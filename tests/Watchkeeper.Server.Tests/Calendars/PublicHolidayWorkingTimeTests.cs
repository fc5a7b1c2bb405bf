using Watchkeeper.Core.Calendars;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Calendars.PublicHolidays;

namespace Watchkeeper.Server.Tests.Calendars;

/// <summary>Working time on the default office hours (Monday to Friday 09:00–18:00, Asia/Shanghai) with the shipped 2025 and 2026 dates.</summary>
public sealed class PublicHolidayWorkingTimeTests
{
    private static readonly BusinessCalendar s_calendar = new CalendarDefinition
    {
        Name = "默认工作日历",
        WorkingHours = CalendarDefinition.OfficeHours(),
        Holidays = [.. PublicHolidayCatalog.Years.SelectMany(y => y.Days()).Where(d => d.Kind == CalendarDayKind.Holiday).Select(d => d.Date)],
        MakeUpWorkingDays = [.. PublicHolidayCatalog.Years.SelectMany(y => y.Days()).Where(d => d.Kind == CalendarDayKind.MakeUpWorkingDay).Select(d => d.Date)],
    }.ToCalendar();

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Fact]
    public void WorkingTime_SpringFestival2026_SkipsBreak()
    {
        // Friday 02-13 (9 h), make-up Saturday 02-14 (9 h), the break 02-15..02-23 (0 h), Tuesday 02-24 (9 h).
        s_calendar.WorkingTimeBetween(Local(2026, 2, 13, 9), Local(2026, 2, 24, 18)).ShouldBe(TimeSpan.FromHours(27));
    }

    [Fact]
    public void AddWorkingTime_BeforeBreak_MakeUpSaturday()
    {
        // One hour is left on Friday 02-13; the second runs on the make-up Saturday 02-14 from 09:00.
        s_calendar.AddWorkingTime(Local(2026, 2, 13, 17), TimeSpan.FromHours(2)).ShouldBe(Local(2026, 2, 14, 10));
    }

    [Fact]
    public void AddWorkingTime_SpringFestival_WaitsForTuesday()
    {
        // Monday 02-23 is the last day of the break.
        s_calendar.AddWorkingTime(Local(2026, 2, 23, 10), TimeSpan.FromHours(1)).ShouldBe(Local(2026, 2, 24, 10));
    }

    [Fact]
    public void AddWorkingTime_Friday0227Evening_MakeUpSaturday()
    {
        s_calendar.AddWorkingTime(Local(2026, 2, 27, 17, 30), TimeSpan.FromHours(1)).ShouldBe(Local(2026, 2, 28, 9, 30));
    }

    [Fact]
    public void Escalation_Friday0918Evening_MakeUpSunday()
    {
        // An escalation due on Friday 2026-09-18 at 19:00 waits over the ordinary Saturday 09-19 for the make-up Sunday 09-20.
        s_calendar.NextWorkingTransition(Local(2026, 9, 18, 19)).ShouldBe(Local(2026, 9, 20, 9));
        s_calendar.AddWorkingTime(Local(2026, 9, 18, 19), TimeSpan.FromMinutes(30)).ShouldBe(Local(2026, 9, 20, 9, 30));
    }

    [Fact]
    public void NextWorkingTransition_BeforeNationalDay2026_IsOctober8()
    {
        s_calendar.NextWorkingTransition(Local(2026, 9, 30, 18)).ShouldBe(Local(2026, 10, 8, 9));
    }

    [Theory]
    [InlineData(2025, 1, 26, true)] // make-up Sunday before the 2025 Spring Festival
    [InlineData(2025, 10, 8, false)] // last day of the 2025 National Day and Mid-Autumn break, a Wednesday
    [InlineData(2025, 10, 11, true)] // make-up Saturday
    [InlineData(2026, 1, 2, false)] // New Year's Day break, a Friday
    [InlineData(2026, 1, 4, true)] // make-up Sunday
    [InlineData(2026, 5, 9, true)] // make-up Saturday after Labour Day
    [InlineData(2026, 6, 19, false)] // Dragon Boat Festival, a Friday
    [InlineData(2026, 9, 25, false)] // Mid-Autumn Festival, a Friday
    [InlineData(2026, 10, 10, true)] // make-up Saturday after National Day
    public void IsWorkingTime_ShippedDates_FollowNotices(int year, int month, int day, bool expected)
    {
        s_calendar.IsWorkingTime(Local(year, month, day, 10)).ShouldBe(expected);
    }
}
