using Watchkeeper.Simulator.Fleet;

namespace Watchkeeper.Benchmarks;

/// <summary>The simulated cameras a load benchmark measures against.</summary>
internal static class BenchmarkFleet
{
    /// <summary>
    /// Starts the fleet in this process, or prints the command that starts it in its own process. Returns null, after
    /// printing the reason, when the fleet cannot start.
    /// </summary>
    public static async Task<SimulatedFleet?> StartAsync(FleetOptions options, bool externalSimulator)
    {
        var created = SimulatedFleet.Create(options);
        if (!created.IsSuccess)
        {
            Console.Error.WriteLine(created.FirstError.Message);
            return null;
        }

        var fleet = created.Value;
        if (externalSimulator)
        {
            Console.WriteLine("Simulator: external; start it with: dotnet run -c Release --project src/Watchkeeper.Simulator -- " +
                $"--cameras {options.CameraCount} --address-base {options.CameraAddressBase} --rtsp-port {options.RtspPort} --http-port {options.HttpPort}");
            return fleet;
        }

        var started = await fleet.StartAsync();
        if (!started.IsSuccess)
        {
            Console.Error.WriteLine(started.Error!.Message);
            await fleet.DisposeAsync();
            return null;
        }

        return fleet;
    }
}
