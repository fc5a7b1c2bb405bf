namespace Watchkeeper.Simulator.Faults;

/// <summary>A fault at a time after the start of its cycle.</summary>
public sealed record ScheduledFault(TimeSpan At, DeviceFault Fault);

/// <summary>
/// The faults a script plays: <see cref="AtStart"/> once when it starts, then <see cref="Cycle"/> in order of time,
/// again every <see cref="CycleLength"/> when the script repeats.
/// </summary>
public sealed record FaultScenario(IReadOnlyList<DeviceFault> AtStart, IReadOnlyList<ScheduledFault> Cycle, TimeSpan CycleLength);

/// <summary>How a fault script runs.</summary>
public sealed class FaultScriptOptions
{
    /// <summary>Plays the cycle again and again, so that a demo left running keeps showing faults and recoveries.</summary>
    public bool Repeat { get; set; } = true;

    /// <summary>The length of one cycle of the demo scenario, from its start to the start of the next.</summary>
    public TimeSpan CycleLength { get; set; } = TimeSpan.FromMinutes(10);
}
