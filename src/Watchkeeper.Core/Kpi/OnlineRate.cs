using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Kpi;

/// <summary>Online and monitored time over a period, and their ratio (在线率).</summary>
public sealed record OnlineRate(TimeSpan OnlineTime, TimeSpan OfflineTime, int DeviceCount)
{
    public TimeSpan MonitoredTime => OnlineTime + OfflineTime;

    /// <summary>Online time ÷ monitored time, or null when nothing was monitored in the period.</summary>
    public double? Rate => MonitoredTime > TimeSpan.Zero ? OnlineTime / MonitoredTime : null;
}

/// <summary>
/// Sums state intervals over a period: Online and Degraded count as online, Offline as offline, Unknown
/// (and time outside every interval) is left out of both.
/// </summary>
public sealed class OnlineRateAccumulator(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
{
    private readonly HashSet<long> _devices = [];
    private long _onlineTicks;
    private long _offlineTicks;

    public void Add(long deviceId, HealthState state, DateTimeOffset startAt, DateTimeOffset? endAt)
    {
        _devices.Add(deviceId);
        if (!state.IsMonitored())
        {
            return;
        }

        var start = startAt > from ? startAt : from;
        var end = endAt ?? now;
        if (end > to)
        {
            end = to;
        }

        if (end <= start)
        {
            return;
        }

        if (state.CountsAsOnline())
        {
            _onlineTicks += (end - start).Ticks;
        }
        else
        {
            _offlineTicks += (end - start).Ticks;
        }
    }

    public OnlineRate Result() => new(TimeSpan.FromTicks(_onlineTicks), TimeSpan.FromTicks(_offlineTicks), _devices.Count);
}
