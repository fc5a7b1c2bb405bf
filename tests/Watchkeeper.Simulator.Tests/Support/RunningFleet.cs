using Watchkeeper.Simulator.Fleet;

namespace Watchkeeper.Simulator.Tests.Support;

/// <summary>Creates and starts a fleet for one test, and stops it when the test ends.</summary>
internal static class RunningFleet
{
    public static async Task<SimulatedFleet> StartAsync(FleetOptions? options = null, TimeProvider? timeProvider = null)
    {
        var created = SimulatedFleet.Create(options ?? TestAddresses.SmallFleet(), timeProvider);
        created.IsSuccess.ShouldBeTrue(created.IsSuccess ? "" : created.FirstError.Message);

        var fleet = created.Value;
        var started = await fleet.StartAsync();
        started.IsSuccess.ShouldBeTrue(started.Error?.Message);
        return fleet;
    }
}
