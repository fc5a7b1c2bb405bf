namespace Watchkeeper.Simulator.Devices;

/// <summary>
/// A device's own clock: the fleet's time plus an offset that a fault can set, as on a camera whose NTP failed or
/// whose time zone was entered as UTC. The device reports this time and checks WS-Security timestamps against it.
/// </summary>
public sealed class DeviceClock(TimeProvider timeProvider)
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public DateTimeOffset UtcNow => timeProvider.GetUtcNow() + Offset;
}
