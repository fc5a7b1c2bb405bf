using Watchkeeper.Core.Kpi;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Tests.Kpi;

public sealed class OnlineRateAccumulatorTests
{
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Result_HalfOnlineHalfOffline_IsHalf()
    {
        var accumulator = new OnlineRateAccumulator(Day, Day.AddHours(24), Day.AddDays(2));

        accumulator.Add(1, HealthState.Online, Day, Day.AddHours(12));
        accumulator.Add(1, HealthState.Offline, Day.AddHours(12), null);

        accumulator.Result().Rate.ShouldBe(0.5);
    }

    [Fact]
    public void Result_UnknownTime_IsLeftOut()
    {
        var accumulator = new OnlineRateAccumulator(Day, Day.AddHours(24), Day.AddDays(2));

        accumulator.Add(1, HealthState.Unknown, Day, Day.AddHours(20));
        accumulator.Add(1, HealthState.Online, Day.AddHours(20), Day.AddHours(23));
        accumulator.Add(1, HealthState.Offline, Day.AddHours(23), null);

        var result = accumulator.Result();
        result.MonitoredTime.ShouldBe(TimeSpan.FromHours(4));
        result.Rate.ShouldBe(0.75);
    }

    [Fact]
    public void Result_DegradedTime_CountsAsOnline()
    {
        var accumulator = new OnlineRateAccumulator(Day, Day.AddHours(10), Day.AddDays(1));

        accumulator.Add(1, HealthState.Degraded, Day, null);

        accumulator.Result().Rate.ShouldBe(1.0);
    }

    [Fact]
    public void Result_IntervalsOutsidePeriod_AreClipped()
    {
        var accumulator = new OnlineRateAccumulator(Day.AddHours(6), Day.AddHours(8), Day.AddDays(1));

        accumulator.Add(1, HealthState.Online, Day, Day.AddHours(7));
        accumulator.Add(1, HealthState.Offline, Day.AddHours(7), Day.AddHours(20));

        var result = accumulator.Result();
        result.OnlineTime.ShouldBe(TimeSpan.FromHours(1));
        result.OfflineTime.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Result_OpenIntervalEndsNow()
    {
        var accumulator = new OnlineRateAccumulator(Day, Day.AddHours(24), Day.AddHours(3));

        accumulator.Add(1, HealthState.Online, Day, null);

        accumulator.Result().OnlineTime.ShouldBe(TimeSpan.FromHours(3));
    }

    [Fact]
    public void Result_NothingMonitored_RateIsNull()
    {
        var accumulator = new OnlineRateAccumulator(Day, Day.AddHours(1), Day.AddHours(1));

        accumulator.Result().Rate.ShouldBeNull();
    }

    [Fact]
    public void Result_SeveralDevices_WeighsByTime()
    {
        var accumulator = new OnlineRateAccumulator(Day, Day.AddHours(10), Day.AddDays(1));

        accumulator.Add(1, HealthState.Online, Day, Day.AddHours(10));
        accumulator.Add(2, HealthState.Online, Day, Day.AddHours(5));
        accumulator.Add(2, HealthState.Offline, Day.AddHours(5), Day.AddHours(10));
        accumulator.Add(3, HealthState.Offline, Day.AddHours(9), Day.AddHours(10));

        var result = accumulator.Result();
        result.DeviceCount.ShouldBe(3);
        result.Rate!.Value.ShouldBe(15.0 / 21.0, 1e-12);
    }
}
