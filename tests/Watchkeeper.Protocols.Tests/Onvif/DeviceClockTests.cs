using Watchkeeper.Core.Alarms;
using Watchkeeper.Protocols.Onvif;

namespace Watchkeeper.Protocols.Tests.Onvif;

public sealed class DeviceClockTests
{
    private static readonly DateTimeOffset PlatformNow = new(2024, 5, 17, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(60);

    [Fact]
    public void Check_UtcWithinThreshold_NoFinding()
    {
        var check = DeviceClock.Check(Utc(PlatformNow.AddSeconds(-42)), PlatformNow, Threshold, TimeZoneInfo.Utc);

        check.Skew.ShouldBe(TimeSpan.FromSeconds(-42));
        check.Finding.ShouldBeNull();
    }

    [Fact]
    public void Check_UtcOverThreshold_SignedClockSkew()
    {
        var check = DeviceClock.Check(Utc(PlatformNow.AddSeconds(-61)), PlatformNow, Threshold, TimeZoneInfo.Utc);

        check.Finding!.Type.ShouldBe(AlarmType.ClockSkew);
        check.Finding.Detail.ShouldContain("-61 s");
    }

    [Fact]
    public void Check_ThreeYearsAhead_ClockInvalid()
    {
        var check = DeviceClock.Check(Utc(PlatformNow.AddYears(3)), PlatformNow, Threshold, TimeZoneInfo.Utc);

        check.Finding!.Type.ShouldBe(AlarmType.ClockInvalid);
    }

    [Fact]
    public void Check_Year1999_ClockInvalid()
    {
        var platform = new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.Zero);

        var check = DeviceClock.Check(Utc(platform), platform, Threshold, TimeZoneInfo.Utc);

        check.Finding!.Type.ShouldBe(AlarmType.ClockInvalid);
    }

    [Fact]
    public void Check_ElevenMonthsOff_ClockSkewNotInvalid()
    {
        var check = DeviceClock.Check(Utc(PlatformNow.AddDays(-330)), PlatformNow, Threshold, TimeZoneInfo.Utc);

        check.Finding!.Type.ShouldBe(AlarmType.ClockSkew);
    }

    [Fact]
    public void Check_LocalOnlyWithPosixZone_ShiftsToUtc()
    {
        var local = Fields(new DateTime(2024, 5, 17, 14, 0, 5));
        var reading = new SystemDateAndTime(null, local, "CST-8", false);

        var check = DeviceClock.Check(reading, PlatformNow, Threshold, TimeZoneInfo.Utc);

        check.Skew.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Check_LocalOnlyWithoutZone_UsesPlatformZone()
    {
        var local = Fields(new DateTime(2024, 5, 17, 14, 0, 0));
        var shanghai = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");

        var check = DeviceClock.Check(new SystemDateAndTime(null, local, null, false), PlatformNow, Threshold, shanghai);

        check.Skew.ShouldBe(TimeSpan.Zero);
        check.Summary.ShouldContain("read as UTC+08:00");
    }

    [Fact]
    public void Check_InvalidUtcValidLocal_FallsBackToLocal()
    {
        var badUtc = new DateTimeFields(2024, 2, 30, 6, 0, 0);
        var local = Fields(new DateTime(2024, 5, 17, 14, 0, 0));

        var check = DeviceClock.Check(new SystemDateAndTime(badUtc, local, "CST-8:00:00", false), PlatformNow, Threshold, TimeZoneInfo.Utc);

        check.Skew.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Check_OnlyInvalidFields_ClockInvalidWithoutSkew()
    {
        var check = DeviceClock.Check(new SystemDateAndTime(new DateTimeFields(0, 0, 0, null, null, null), null, null, false), PlatformNow, Threshold, TimeZoneInfo.Utc);

        check.Skew.ShouldBeNull();
        check.Finding!.Type.ShouldBe(AlarmType.ClockInvalid);
    }

    [Fact]
    public void Check_NothingReported_NoFindingNoSkew()
    {
        var check = DeviceClock.Check(new SystemDateAndTime(null, null, null, false), PlatformNow, Threshold, TimeZoneInfo.Utc);

        check.Skew.ShouldBeNull();
        check.Finding.ShouldBeNull();
    }

    [Fact]
    public void ToDateTime_LeapSecond_ReadsAs59()
    {
        new DateTimeFields(2016, 12, 31, 23, 59, 60).ToDateTime().ShouldBe(new DateTime(2016, 12, 31, 23, 59, 59));
    }

    [Theory]
    [InlineData("CST-8", 8 * 60)]
    [InlineData("CST-8:00:00", 8 * 60)]
    [InlineData("EST5EDT,M3.2.0,M11.1.0", -5 * 60)]
    [InlineData("<+0530>-5:30", 5 * 60 + 30)]
    [InlineData("GMT+08", -8 * 60)]
    [InlineData("UTC0", 0)]
    public void ParsePosixOffset_Examples(string zone, int expectedMinutes)
    {
        DeviceClock.ParsePosixOffset(zone).ShouldBe(TimeSpan.FromMinutes(expectedMinutes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Asia/Shanghai")]
    [InlineData("CST-99")]
    public void ParsePosixOffset_NotPosix_ReturnsNull(string? zone)
    {
        DeviceClock.ParsePosixOffset(zone).ShouldBeNull();
    }

    private static SystemDateAndTime Utc(DateTimeOffset time) => new(Fields(time.UtcDateTime), null, null, false);

    private static DateTimeFields Fields(DateTime time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second);
}
