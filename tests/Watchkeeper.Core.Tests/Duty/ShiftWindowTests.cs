using Watchkeeper.Core.Duty;

namespace Watchkeeper.Core.Tests.Duty;

public sealed class ShiftWindowTests
{
    private static readonly TimeZoneInfo s_china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void Of_DayShift_StartsAndEndsSameDate()
    {
        var window = ShiftWindow.Of(new DateOnly(2026, 12, 1), new TimeOnly(8, 0), new TimeOnly(20, 0), s_china);

        window.Start.ShouldBe(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        window.End.ShouldBe(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Of_NightShift_EndsNextMorning()
    {
        var window = ShiftWindow.Of(new DateOnly(2026, 12, 31), new TimeOnly(20, 0), new TimeOnly(8, 0), s_china);

        window.Start.ShouldBe(new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.Zero));
        window.End.ShouldBe(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        window.Duration.ShouldBe(TimeSpan.FromHours(12));
    }

    [Fact]
    public void Of_SameStartAndEnd_LastsTwentyFourHours()
    {
        var window = ShiftWindow.Of(new DateOnly(2026, 12, 1), new TimeOnly(8, 30), new TimeOnly(8, 30), s_china);

        window.Duration.ShouldBe(TimeSpan.FromHours(24));
    }

    [Theory]
    [InlineData(3, 10)]
    [InlineData(7, 1)]
    [InlineData(11, 5)]
    public void Of_ChinaStandardTime_KeepsEightHourOffsetAllYear(int month, int day)
    {
        // China has used UTC+8 without daylight saving since 1991, so 08:00 is always 00:00 UTC.
        var window = ShiftWindow.Of(new DateOnly(2026, month, day), new TimeOnly(8, 0), new TimeOnly(20, 0), s_china);

        window.Start.UtcDateTime.ShouldBe(new DateTime(2026, month, day, 0, 0, 0, DateTimeKind.Utc));
        window.Duration.ShouldBe(TimeSpan.FromHours(12));
    }

    [Fact]
    public void Covers_ExactHandoverInstant_BelongsToIncomingShift()
    {
        var date = new DateOnly(2026, 12, 1);
        var night = ShiftWindow.Of(date.AddDays(-1), new TimeOnly(20, 0), new TimeOnly(8, 0), s_china);
        var day = ShiftWindow.Of(date, new TimeOnly(8, 0), new TimeOnly(20, 0), s_china);
        var handover = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8));

        ShiftWindow.Covers(night, handover).ShouldBeFalse();
        ShiftWindow.Covers(day, handover).ShouldBeTrue();
    }

    [Fact]
    public void Covers_LastTickOfNight_BelongsToNightShift()
    {
        var night = ShiftWindow.Of(new DateOnly(2026, 11, 30), new TimeOnly(20, 0), new TimeOnly(8, 0), s_china);

        ShiftWindow.Covers(night, night.End.AddTicks(-1)).ShouldBeTrue();
    }
}
