using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Notifications;

/// <summary>What routing rules match an alarm by.</summary>
/// <param name="OrganizationPath">The device's organization first, then its ancestors up to the root.</param>
public sealed record AlarmRouteSubject(
    long AlarmId,
    long DeviceId,
    IReadOnlyList<long> OrganizationPath,
    DeviceKind DeviceKind,
    AlarmType Type,
    AlarmSeverity Severity,
    long? IncidentId);

/// <summary>A routing rule's match. An empty list matches every value; an organization matches its descendants too.</summary>
public sealed record AlarmRouteMatch(
    IReadOnlyList<AlarmSeverity> Severities,
    long? OrganizationId,
    IReadOnlyList<DeviceKind> DeviceKinds,
    IReadOnlyList<AlarmType> AlarmTypes)
{
    public static readonly AlarmRouteMatch All = new([], null, [], []);

    public bool Matches(AlarmRouteSubject subject) =>
        (Severities.Count == 0 || Severities.Contains(subject.Severity))
        && (OrganizationId is not { } organizationId || subject.OrganizationPath.Contains(organizationId))
        && (DeviceKinds.Count == 0 || DeviceKinds.Contains(subject.DeviceKind))
        && (AlarmTypes.Count == 0 || AlarmTypes.Contains(subject.Type));
}

/// <summary>The alarm fields a rule groups notifications by.</summary>
public enum AlarmGroupField
{
    Organization,
    Device,
    AlarmType,
    Severity,
    Incident,
}

/// <summary>When a rule applies, on its business calendar.</summary>
public enum RouteTimeCondition
{
    Always,
    BusinessHours,
    OutsideBusinessHours,
}

public static class AlarmGroupKeys
{
    /// <summary>
    /// Returns the key of the notification group an alarm joins. Alarms of one incident (a site outage) always share
    /// one group, whatever the rule groups by, so that an outage reaches each receiver as one message.
    /// </summary>
    public static string For(AlarmRouteSubject subject, IReadOnlyCollection<AlarmGroupField> groupBy)
    {
        if (subject.IncidentId is { } incidentId)
        {
            return $"incident={incidentId}";
        }

        if (groupBy.Count == 0)
        {
            return "all";
        }

        var parts = new List<string>(groupBy.Count);
        foreach (var field in groupBy.Distinct().Order())
        {
            parts.Add(field switch
            {
                AlarmGroupField.Organization => $"organization={subject.OrganizationPath.FirstOrDefault()}",
                AlarmGroupField.Device => $"device={subject.DeviceId}",
                AlarmGroupField.AlarmType => $"type={subject.Type}",
                AlarmGroupField.Severity => $"severity={subject.Severity}",
                AlarmGroupField.Incident => "incident=none",
                _ => throw new ArgumentOutOfRangeException(nameof(groupBy), field, "Unknown group field."),
            });
        }

        return string.Join(';', parts);
    }
}

/// <summary>The timing of one notification group, as Prometheus Alertmanager defines group_wait, group_interval and repeat_interval.</summary>
/// <param name="GroupWait">How long a new group waits for more alarms before its first message.</param>
/// <param name="GroupInterval">How long after a message a group waits before it reports alarms that joined since.</param>
/// <param name="RepeatInterval">How long after a message a group repeats it while its alarms still fire.</param>
public sealed record GroupTiming(TimeSpan GroupWait, TimeSpan GroupInterval, TimeSpan RepeatInterval)
{
    /// <summary>Returns the due time of a group after an alarm joined it at <paramref name="at"/>.</summary>
    /// <param name="dueAt">The group's current due time, or null when it has none.</param>
    /// <param name="lastSentAt">When the group last sent a message, or null before its first.</param>
    public DateTimeOffset DueAfterJoin(DateTimeOffset at, DateTimeOffset? dueAt, DateTimeOffset? lastSentAt)
    {
        var joined = lastSentAt is { } sent ? Max(at, sent + GroupInterval) : at + GroupWait;
        return dueAt is { } current && current < joined ? current : joined;
    }

    /// <summary>Returns whether a group with nothing new should repeat its message at <paramref name="at"/>.</summary>
    public bool RepeatDue(DateTimeOffset at, DateTimeOffset lastSentAt) => at >= lastSentAt + RepeatInterval;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
