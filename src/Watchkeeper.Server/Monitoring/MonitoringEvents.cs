using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Monitoring;

/// <summary>Something the console shows live: a state change or an alarm opening or closing.</summary>
public abstract record MonitoringEvent(DateTimeOffset At)
{
    /// <summary>The device's organization, so that a console page drops events outside its user's scope; null when unknown.</summary>
    public long? OrganizationId { get; init; }
}

public sealed record DeviceStateChanged(long DeviceId, string DeviceCode, string DeviceName, HealthState From, HealthState To, OfflineCause? Cause, string Reason, DateTimeOffset At)
    : MonitoringEvent(At);

public sealed record AlarmChanged(long AlarmId, long DeviceId, string DeviceCode, AlarmType Type, AlarmState State, bool CausedByParent, DateTimeOffset At)
    : MonitoringEvent(At);

/// <summary>
/// In-process publication of monitoring events. Subscribers run on the publisher's thread and must return
/// quickly (a Blazor component only schedules a refresh).
/// </summary>
public sealed class MonitoringEvents(ILogger<MonitoringEvents> logger)
{
    public event Action<IReadOnlyList<MonitoringEvent>>? Published;

    public void Publish(IReadOnlyList<MonitoringEvent> events)
    {
        if (events.Count == 0 || Published is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<IReadOnlyList<MonitoringEvent>>>())
        {
            try
            {
                handler(events);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "A monitoring event subscriber failed; {EventCount} events were not delivered to it", events.Count);
            }
        }
    }
}
