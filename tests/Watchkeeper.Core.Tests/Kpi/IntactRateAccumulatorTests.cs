using Watchkeeper.Core.Kpi;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Tests.Kpi;

public sealed class IntactRateAccumulatorTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddHours(10);

    /// <summary>
    /// Four points over ten hours. Point 1 has a picture fault from 2 h to 5 h. Point 2 is never diagnosed and goes
    /// offline at 4 h. Point 3 has no interval, and point 4 is degraded and delivers no frame from 1 h on.
    /// </summary>
    private static IntactRate Fleet()
    {
        var accumulator = new IntactRateAccumulator(From, To, From.AddDays(1));
        accumulator.AddState(1, HealthState.Online, From, To);
        accumulator.AddVerdict(1, From.AddHours(-1), DiagnosisVerdict.Passed);
        accumulator.AddVerdict(1, From.AddHours(2), DiagnosisVerdict.PictureFault);
        accumulator.AddVerdict(1, From.AddHours(5), DiagnosisVerdict.Passed);
        accumulator.AddState(2, HealthState.Online, From, From.AddHours(4));
        accumulator.AddState(2, HealthState.Offline, From.AddHours(4), null);
        accumulator.AddPoint(3);
        accumulator.AddState(4, HealthState.Degraded, From, To);
        accumulator.AddVerdict(4, From.AddHours(1), DiagnosisVerdict.NoFrame);
        return accumulator.Result();
    }

    [Fact]
    public void Rate_IsIntactTimeOverMonitoredTime()
    {
        var rate = Fleet();

        // Intact: 7 h of point 1, 4 h of point 2 (undiagnosed), 1 h of point 4 (undiagnosed) = 12 h of 30 h.
        rate.Rate.ShouldBe(0.4);
    }

    [Fact]
    public void Times_SplitAtEachVerdict()
    {
        var rate = Fleet();

        rate.IntactTime.ShouldBe(TimeSpan.FromHours(12));
        rate.MonitoredTime.ShouldBe(TimeSpan.FromHours(30));
        rate.FaultTime.ShouldBe(TimeSpan.FromHours(12));
        rate.UndiagnosedTime.ShouldBe(TimeSpan.FromHours(5));
        rate.OfflineTime.ShouldBe(TimeSpan.FromHours(6));
    }

    [Fact]
    public void Breakdown_CountsPointsAtThePeriodEnd()
    {
        var breakdown = Fleet().Breakdown;

        breakdown.ShouldBe(new IntactBreakdown(Intact: 1, PictureFault: 0, NoFrame: 1, Undiagnosed: 0, Offline: 1, Unknown: 1));
        Fleet().DeviceCount.ShouldBe(4);
    }

    [Fact]
    public void Rate_NothingMonitored_IsNull()
    {
        var accumulator = new IntactRateAccumulator(From, To, From.AddDays(1));
        accumulator.AddState(1, HealthState.Unknown, From, To);

        accumulator.Result().Rate.ShouldBeNull();
    }

    [Fact]
    public void Verdict_AtThePeriodEnd_CountsInTheBreakdownOnly()
    {
        var accumulator = new IntactRateAccumulator(From, To, From.AddDays(1));
        accumulator.AddState(1, HealthState.Online, From, null);
        accumulator.AddVerdict(1, To, DiagnosisVerdict.PictureFault);

        var rate = accumulator.Result();

        rate.Rate.ShouldBe(1.0);
        rate.Breakdown.PictureFault.ShouldBe(1);
    }
}
