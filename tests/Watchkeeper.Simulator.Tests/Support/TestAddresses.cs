using Watchkeeper.Simulator.Fleet;

namespace Watchkeeper.Simulator.Tests.Support;

/// <summary>
/// Loopback address ranges no other test uses: the second octet comes from the process id and the third counts up,
/// so parallel tests and test runs never bind the same address.
/// </summary>
internal static class TestAddresses
{
    private static int _nextBlock;

    /// <summary>Returns a fresh "127.a.b" base with 254 addresses.</summary>
    public static string NextBase()
    {
        var block = Interlocked.Increment(ref _nextBlock);
        var second = 100 + Environment.ProcessId % 150 + block / 250;
        return $"127.{second}.{block % 250 + 1}";
    }

    /// <summary>Options for a small fleet on fresh addresses: 4 cameras, 1 recorder and 2 switches by default.</summary>
    public static FleetOptions SmallFleet(int cameras = 4, int recorders = 1, int switches = 2) => new()
    {
        CameraCount = cameras,
        RecorderCount = recorders,
        SwitchCount = switches,
        CameraAddressBase = NextBase(),
        RecorderAddressBase = NextBase(),
        SwitchAddressBase = NextBase(),
    };
}
