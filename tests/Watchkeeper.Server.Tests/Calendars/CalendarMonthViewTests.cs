using Watchkeeper.Core.Calendars;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Notifications.Routing;

namespace Watchkeeper.Server.Tests.Calendars;

public sealed class CalendarMonthViewTests
{
    [Fact]
    public void Weeks_February2026_StartMondayAndCoverMonth()
    {
        var weeks = CalendarMonthView.Weeks(new DateOnly(2026, 2, 1));

        // 2026-02-01 is a Sunday, so the first row starts on Monday 01-26; 02-28 is a Saturday in the fifth row.
        weeks.Count.ShouldBe(5);
        weeks[0][0].ShouldBe(new DateOnly(2026, 1, 26));
        weeks[^1][^1].ShouldBe(new DateOnly(2026, 3, 1));
        weeks.ShouldAllBe(week => week[0].DayOfWeek == DayOfWeek.Monday);
    }

    [Fact]
    public void Cycle_ThreeClicks_GoesHolidayMakeUpNormal()
    {
        var form = new CalendarForm { Holidays = "2026-10-01", MakeUpWorkingDays = "" };
        var date = new DateOnly(2026, 10, 10);

        CalendarMonthView.Cycle(form, date);
        CalendarMonthView.KindOf(form, date).ShouldBe(CalendarDayKind.Holiday);
        form.Holidays.ShouldBe("2026-10-01\n2026-10-10");

        CalendarMonthView.Cycle(form, date);
        CalendarMonthView.KindOf(form, date).ShouldBe(CalendarDayKind.MakeUpWorkingDay);
        form.Holidays.ShouldBe("2026-10-01");
        form.MakeUpWorkingDays.ShouldBe("2026-10-10");

        CalendarMonthView.Cycle(form, date);
        CalendarMonthView.KindOf(form, date).ShouldBeNull();
        form.MakeUpWorkingDays.ShouldBe("");
    }

    [Fact]
    public void Cycle_TypedGarbage_KeptForValidation()
    {
        var form = new CalendarForm { Holidays = "2026-13-40, 2026-10-02" };

        CalendarMonthView.Cycle(form, new DateOnly(2026, 10, 1));

        form.Holidays.ShouldBe("2026-10-01\n2026-10-02\n2026-13-40");
    }
}
