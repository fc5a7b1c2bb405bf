using Watchkeeper.Core.Calendars;

namespace Watchkeeper.Core.Tests.Calendars;

public sealed class IcsReaderTests
{
    private static string Feed() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Calendars", "Fixtures", "cn-holidays-2026-feed.ics"));

    private static string Calendar(params string[] eventLines) =>
        string.Join("\r\n", ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", .. eventLines, "END:VEVENT", "END:VCALENDAR"]) + "\r\n";

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Feed_Fixture_UsesCrlfAndFoldedLines()
    {
        var text = Feed();

        text.ShouldContain("\r\n");
        text.ShouldContain("\r\n 班");
    }

    [Fact]
    public void Read_Feed_TakesAllDayEventsByKind()
    {
        var calendar = IcsReader.Read(Feed()).Value;

        var holidays = calendar.Events.Where(e => e.Kind == CalendarDayKind.Holiday).SelectMany(e => e.Dates()).ToList();
        var makeUpDays = calendar.Events.Where(e => e.Kind == CalendarDayKind.MakeUpWorkingDay).SelectMany(e => e.Dates()).ToList();
        holidays.ShouldBe([
            D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3),
            D(2026, 2, 15), D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20), D(2026, 2, 21), D(2026, 2, 22),
            D(2026, 2, 23),
        ]);
        makeUpDays.ShouldBe([D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28)]);
    }

    [Fact]
    public void Read_FoldedSummary_IsUnfolded()
    {
        var calendar = IcsReader.Read(Feed()).Value;

        calendar.Events.Select(e => e.Summary).ShouldContain("春节 调休上班（2月28日 周六）");
    }

    [Fact]
    public void Read_TimedEvent_SkippedWithLineAndReason()
    {
        var calendar = IcsReader.Read(Feed()).Value;

        var skipped = calendar.Skipped.ShouldHaveSingleItem();
        skipped.Line.ShouldBe(57);
        skipped.Summary.ShouldBe("单位春节联欢会");
        skipped.Reason.ShouldContain("20260213T180000");
        skipped.Reason.ShouldContain("only all-day events");
    }

    [Fact]
    public void Read_AlarmInsideEvent_DoesNotOverrideEvent()
    {
        var calendar = IcsReader.Read(Feed()).Value;

        var spring = calendar.Events.Single(e => e.First == D(2026, 2, 15));
        spring.Summary.ShouldBe("春节 休");
        spring.Line.ShouldBe(44);
    }

    [Fact]
    public void Read_LineFeedOnly_ReadsTheSame()
    {
        var withCrlf = IcsReader.Read(Feed()).Value;

        var withLf = IcsReader.Read(Feed().Replace("\r\n", "\n")).Value;

        withLf.Events.ShouldBe(withCrlf.Events);
    }

    [Theory]
    [InlineData("SUMMARY:国庆节 补班", CalendarDayKind.MakeUpWorkingDay)]
    [InlineData("CATEGORIES:Workday", CalendarDayKind.MakeUpWorkingDay)]
    [InlineData("X-WATCHKEEPER-DAY-TYPE:MAKE-UP-WORKING-DAY", CalendarDayKind.MakeUpWorkingDay)]
    [InlineData("SUMMARY:国庆节", CalendarDayKind.Holiday)]
    [InlineData("CATEGORIES:休", CalendarDayKind.Holiday)]
    public void Read_Markers_DecideKind(string marker, CalendarDayKind expected)
    {
        var calendar = IcsReader.Read(Calendar("DTSTART;VALUE=DATE:20261010", marker)).Value;

        calendar.Events.ShouldHaveSingleItem().Kind.ShouldBe(expected);
    }

    [Fact]
    public void Read_DayTypeMarker_WinsOverSummary()
    {
        var calendar = IcsReader.Read(Calendar("DTSTART;VALUE=DATE:20261001", "SUMMARY:值班安排", "X-WATCHKEEPER-DAY-TYPE:HOLIDAY")).Value;

        calendar.Events.ShouldHaveSingleItem().Kind.ShouldBe(CalendarDayKind.Holiday);
    }

    [Theory]
    [InlineData("DURATION:P1W", 7)]
    [InlineData("DURATION:P3DT0H0M0S", 3)]
    [InlineData("DTEND;VALUE=DATE:20261008", 7)]
    public void Read_EndForms_GiveDayCount(string end, int days)
    {
        var calendar = IcsReader.Read(Calendar("DTSTART;VALUE=DATE:20261001", end)).Value;

        calendar.Events.ShouldHaveSingleItem().Dates().Count().ShouldBe(days);
    }

    [Fact]
    public void Read_DateWithoutValueParameter_IsAllDay()
    {
        var calendar = IcsReader.Read(Calendar("DTSTART:20261001", "DTEND:20261002")).Value;

        calendar.Events.ShouldHaveSingleItem().First.ShouldBe(D(2026, 10, 1));
    }

    [Theory]
    [InlineData("RRULE:FREQ=YEARLY", "RRULE")]
    [InlineData("STATUS:CANCELLED", "CANCELLED")]
    public void Read_RecurringOrCancelled_Skipped(string property, string reasonPart)
    {
        var calendar = IcsReader.Read(Calendar("DTSTART;VALUE=DATE:20261001", property)).Value;

        calendar.Events.ShouldBeEmpty();
        calendar.Skipped.ShouldHaveSingleItem().Reason.ShouldContain(reasonPart);
    }

    [Fact]
    public void Read_UnknownPropertiesAndComponents_Ignored()
    {
        var text = "BEGIN:VCALENDAR\nX-CUSTOM;X-PARAM=\"a:b;c\":value\nBEGIN:VJOURNAL\nSUMMARY:x\nEND:VJOURNAL\n"
            + "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nX-FOO:bar\nEND:VEVENT\nEND:VCALENDAR\n";

        IcsReader.Read(text).Value.Events.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("name,date\n节日,2026-10-01\n", "calendar.ics.not_icalendar", "name,date")]
    [InlineData("", "calendar.ics.not_icalendar", "BEGIN:VCALENDAR")]
    public void Read_NotICalendar_Rejected(string text, string code, string messagePart)
    {
        var error = IcsReader.Read(text).FirstError;

        error.Code.ShouldBe(code);
        error.Message.ShouldContain(messagePart);
    }

    [Fact]
    public void Read_BrokenDtstart_NamesLineAndValue()
    {
        var error = IcsReader.Read(Calendar("SUMMARY:国庆节", "DTSTART;VALUE=DATE:2026-10-01")).FirstError;

        error.Code.ShouldBe("calendar.ics.date.invalid");
        error.Message.ShouldContain("2026-10-01");
        error.Message.ShouldContain("line 5");
        error.Field.ShouldBe("file");
    }

    [Fact]
    public void Read_ImpossibleDate_Rejected()
    {
        IcsReader.Read(Calendar("DTSTART;VALUE=DATE:20261301")).FirstError.Code.ShouldBe("calendar.ics.date.invalid");
    }

    [Fact]
    public void Read_EventOverAYear_Rejected()
    {
        var error = IcsReader.Read(Calendar("DTSTART;VALUE=DATE:20260101", "DTEND;VALUE=DATE:20270103")).FirstError;

        error.Code.ShouldBe("calendar.ics.event.too_long");
        error.Message.ShouldContain("367");
        error.Message.ShouldContain("line 3");
    }

    [Fact]
    public void Read_LongDuration_Rejected()
    {
        IcsReader.Read(Calendar("DTSTART;VALUE=DATE:20260101", "DURATION:P53W")).FirstError.Code.ShouldBe("calendar.ics.event.too_long");
    }

    [Theory]
    [InlineData("DTEND;VALUE=DATE:20261001", "calendar.ics.end.before_start")]
    [InlineData("DTEND:20261002T000000Z", "calendar.ics.end.not_date")]
    [InlineData("DURATION:PT8H", "calendar.ics.duration.invalid")]
    [InlineData("X-WATCHKEEPER-DAY-TYPE:WEEKEND", "calendar.ics.day_type.invalid")]
    public void Read_BadEventEnd_Rejected(string line, string code)
    {
        IcsReader.Read(Calendar("DTSTART;VALUE=DATE:20261001", line)).FirstError.Code.ShouldBe(code);
    }

    [Fact]
    public void Read_CutOffFile_Rejected()
    {
        var error = IcsReader.Read("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261001\r\n").FirstError;

        error.Code.ShouldBe("calendar.ics.truncated");
        error.Message.ShouldContain("line 2");
    }

    [Fact]
    public void Read_MismatchedEnd_Rejected()
    {
        IcsReader.Read("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VTODO\nEND:VCALENDAR\n").FirstError.Code.ShouldBe("calendar.ics.end.unmatched");
    }

    [Fact]
    public void Read_LineWithoutColon_Rejected()
    {
        var error = IcsReader.Read(Calendar("DTSTART;VALUE=DATE:20261001", "这一行不是内容行")).FirstError;

        error.Code.ShouldBe("calendar.ics.line.invalid");
        error.Message.ShouldContain("Line 5");
    }

    [Fact]
    public void Write_ThenRead_GivesSameDates()
    {
        DateOnly[] holidays = [D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 3), D(2026, 10, 7), D(2026, 12, 31), D(2027, 1, 1)];
        DateOnly[] makeUpDays = [D(2026, 9, 20), D(2026, 10, 10)];

        var text = IcsWriter.Write("默认工作日历; 含节假日, 与调休", "Asia/Shanghai", "calendar-1", holidays, makeUpDays,
            (_, kind) => kind == CalendarDayKind.Holiday ? "国庆节 National Day, 休" : "补班 Make-up working day", DateTimeOffset.UnixEpoch);
        var calendar = IcsReader.Read(text).Value;

        calendar.Events.Where(e => e.Kind == CalendarDayKind.Holiday).SelectMany(e => e.Dates()).Order().ShouldBe(holidays);
        calendar.Events.Where(e => e.Kind == CalendarDayKind.MakeUpWorkingDay).SelectMany(e => e.Dates()).Order().ShouldBe(makeUpDays);
        calendar.Skipped.ShouldBeEmpty();
    }

    [Fact]
    public void Write_LongChineseLine_FoldsAt75Octets()
    {
        var name = string.Concat(Enumerable.Repeat("国庆节中秋节", 10));

        var text = IcsWriter.Write(name, "Asia/Shanghai", "calendar-1", [D(2026, 10, 1)], [], (_, _) => name, DateTimeOffset.UnixEpoch);

        text.Split("\r\n").ShouldAllBe(line => System.Text.Encoding.UTF8.GetByteCount(line) <= 75);
        IcsReader.Read(text).Value.Events.ShouldHaveSingleItem().Summary.ShouldBe(name);
    }
}
