using Watchkeeper.Core.Recording;

namespace Watchkeeper.Core.Tests.Recording;

public sealed class RecordingDayAnalysisTests
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateOnly Date = new(2026, 12, 4);
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    /// <summary>A span on the checked day in China time, hours after local midnight (negative or above 24 reach into the neighbours).</summary>
    private static TimeInterval Local(double from, double to)
    {
        var midnight = new DateTimeOffset(2026, 12, 4, 0, 0, 0, Cst);
        return new TimeInterval(midnight.AddHours(from), midnight.AddHours(to));
    }

    [Fact]
    public void Analyze_WholeDayRecorded_IsComplete()
    {
        var day = RecordingDayAnalysis.Analyze(Date, China, RecordingSchedule.AllWeek, [Local(0, 24)]);

        day.Completeness.ShouldBe(1.0);
        day.Gaps.ShouldBeEmpty();
        day.Scheduled.ShouldBe(TimeSpan.FromHours(24));
    }

    [Fact]
    public void Analyze_HalfHourHoleAtTwo_FindsOneGap()
    {
        var day = RecordingDayAnalysis.Analyze(Date, China, RecordingSchedule.AllWeek, [Local(2.5, 24), Local(0, 2)]);

        day.Gaps.ShouldBe([Local(2, 2.5)]);
        day.RecordedInSchedule.ShouldBe(TimeSpan.FromHours(23.5));
        day.Completeness.ShouldBe(23.5 / 24);
    }

    [Fact]
    public void Analyze_SegmentsCrossingMidnight_CountOnlyTheirPartInTheDay()
    {
        var day = RecordingDayAnalysis.Analyze(Date, China, RecordingSchedule.AllWeek, [Local(-1, 1), Local(23, 25)]);

        day.Recorded.ShouldBe([Local(0, 1), Local(23, 24)]);
        day.Gaps.ShouldBe([Local(1, 23)]);
        day.RecordedInSchedule.ShouldBe(TimeSpan.FromHours(2));
    }

    [Fact]
    public void Analyze_OverlappingDuplicates_CountOnce()
    {
        var day = RecordingDayAnalysis.Analyze(Date, China, RecordingSchedule.AllWeek, [Local(0, 12), Local(6, 12), Local(0, 12), Local(11, 24)]);

        day.RecordedInSchedule.ShouldBe(TimeSpan.FromHours(24));
    }

    [Fact]
    public void Analyze_OutOfDaySegmentsOnly_IsWholeDayGap()
    {
        var day = RecordingDayAnalysis.Analyze(Date, China, RecordingSchedule.AllWeek, [Local(-10, -2), Local(30, 40)]);

        day.Gaps.ShouldBe([Local(0, 24)]);
        day.Completeness.ShouldBe(0.0);
        day.Recorded.ShouldBeEmpty();
    }

    [Fact]
    public void Analyze_NoSegments_IsWholeDayGap()
    {
        var day = RecordingDayAnalysis.Analyze(Date, China, RecordingSchedule.AllWeek, []);

        day.LongestGap.ShouldBe(TimeSpan.FromHours(24));
    }

    [Fact]
    public void Analyze_EmptySchedule_HasNoCompleteness()
    {
        var day = RecordingDayAnalysis.Analyze(Date, China, RecordingSchedule.Empty, [Local(0, 5)]);

        day.Completeness.ShouldBeNull();
        day.Gaps.ShouldBeEmpty();
        day.Recorded.ShouldBe([Local(0, 5)]);
    }

    [Fact]
    public void Analyze_OfficeHoursWithNightGap_IgnoresUnscheduledHole()
    {
        var (schedule, _) = RecordingSchedule.Parse([("Friday", "08:00", "18:00")]);

        var day = RecordingDayAnalysis.Analyze(Date, China, schedule!, [Local(0, 1), Local(7, 12), Local(12.25, 20)]);

        day.Gaps.ShouldBe([Local(12, 12.25)]);
        day.Scheduled.ShouldBe(TimeSpan.FromHours(10));
        day.RecordedInSchedule.ShouldBe(TimeSpan.FromHours(9.75));
    }

    [Fact]
    public void Analyze_DayStillRunning_MeasuresUpToNow()
    {
        var now = Local(0, 10).End;

        var day = RecordingDayAnalysis.Analyze(Date, China, RecordingSchedule.AllWeek, [Local(0, 9)], notAfter: now);

        day.Scheduled.ShouldBe(TimeSpan.FromHours(10));
        day.Gaps.ShouldBe([Local(9, 10)]);
    }

    [Fact]
    public void Analyze_BerlinSpringForwardFullRecording_IsComplete()
    {
        var date = new DateOnly(2026, 3, 29);
        var window = LocalDay.Window(date, Berlin);

        var day = RecordingDayAnalysis.Analyze(date, Berlin, RecordingSchedule.AllWeek, [new TimeInterval(window.Start.AddHours(-1), window.End.AddHours(1))]);

        day.Scheduled.ShouldBe(TimeSpan.FromHours(23));
        day.Completeness.ShouldBe(1.0);
    }

    [Fact]
    public void Window_BerlinWinterDay_StartsAt23UtcTheDayBefore()
    {
        var window = LocalDay.Window(new DateOnly(2026, 12, 4), Berlin);

        window.Start.ShouldBe(new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void GapsOver_TenMinuteThreshold_KeepsLongGapsOnly()
    {
        var day = RecordingDayAnalysis.Analyze(Date, China, RecordingSchedule.AllWeek, [Local(0, 1), Local(1.1, 5), Local(5.5, 24)]);

        day.GapsOver(TimeSpan.FromMinutes(10)).ShouldBe([Local(5, 5.5)]);
    }

    [Fact]
    public void NextOccurrence_AfterTodaysRun_IsTomorrowInChina()
    {
        var next = LocalDay.NextOccurrence(new DateTimeOffset(2026, 12, 4, 1, 31, 0, Cst), new TimeOnly(1, 30), China);

        next.ShouldBe(new DateTimeOffset(2026, 12, 5, 1, 30, 0, Cst));
    }

    [Fact]
    public void NextOccurrence_BeforeTodaysRun_IsToday()
    {
        var next = LocalDay.NextOccurrence(new DateTimeOffset(2026, 12, 4, 0, 10, 0, Cst), new TimeOnly(1, 30), China);

        next.ShouldBe(new DateTimeOffset(2026, 12, 4, 1, 30, 0, Cst));
    }
}
