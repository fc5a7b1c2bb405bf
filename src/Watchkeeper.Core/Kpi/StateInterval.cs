using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Kpi;

/// <summary>
/// A stretch of time during which a device stayed in one health state; <see cref="EndAt"/> is null while it lasts.
/// </summary>
/// <remarks>State changes are stored as intervals rather than every probe result, so any period's online rate is exact.</remarks>
public sealed class StateInterval
{
    public long Id { get; set; }

    public long DeviceId { get; set; }

    public HealthState State { get; set; }

    public DateTimeOffset StartAt { get; set; }

    public DateTimeOffset? EndAt { get; set; }
}
