namespace Watchkeeper.Simulator;

/// <summary>The simulator as a stand-alone program, for load benchmarks and manual checks.</summary>
public static class SimulatorProgram
{
    public static int Main()
    {
        Console.WriteLine("Watchkeeper simulator");
        return 0;
    }
}
