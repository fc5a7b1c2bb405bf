using Watchkeeper.Server.Gb28181;

namespace Watchkeeper.Server.Tests.Gb28181;

public sealed class GbRefreshSchedulerTests
{
    [Fact]
    public void PhaseOf_ManyDevices_SpreadsOverThePeriod()
    {
        const long period = 3600;
        var perMinute = new int[60];
        for (var serial = 0; serial < 100_000; serial++)
        {
            var phase = GbRefreshScheduler.PhaseOf($"3402000000132{serial:D7}", period);
            perMinute[phase / 60]++;
        }

        perMinute.Min().ShouldBeGreaterThan(1_400);
        perMinute.Max().ShouldBeLessThan(1_934);
    }

    [Fact]
    public void PhaseOf_SameId_IsStable()
    {
        GbRefreshScheduler.PhaseOf("34020000001320000101", 600).ShouldBe(GbRefreshScheduler.PhaseOf("34020000001320000101", 600));
    }

    [Theory]
    [InlineData(30, 100, 129, 130, true)]
    [InlineData(31, 100, 129, 130, false)]
    [InlineData(5, 100, 195, 210, true)]
    [InlineData(50, 100, 195, 210, false)]
    [InlineData(50, 100, 0, 500, true)]
    [InlineData(30, 0, 129, 130, false)]
    public void IsDue_Window_MatchesPhase(long phase, long period, long from, long to, bool expected)
    {
        GbRefreshScheduler.IsDue(phase, period, from, to).ShouldBe(expected);
    }
}
