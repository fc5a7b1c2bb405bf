using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Alarms;

/// <summary>
/// Decides which alarms a probe round opens, refreshes and resolves: alarms follow from the health state
/// and from the findings of the probes that got a response.
/// </summary>
public static class AlarmRules
{
    /// <summary>
    /// Applies a round to a device's active alarms. Existing alarms are changed in place; new ones are returned.
    /// </summary>
    /// <param name="health">The device's health after the round was applied.</param>
    /// <param name="round">The probe round.</param>
    /// <param name="activeAlarms">The device's alarms that are not resolved.</param>
    /// <param name="offlineAncestorId">The nearest offline device above this one in the topology, if any.</param>
    public static IReadOnlyList<Alarm> Apply(DeviceHealth health, ProbeRound round, IReadOnlyList<Alarm> activeAlarms, long? offlineAncestorId) =>
        Apply(health, round, activeAlarms, offlineAncestorId, [], FlappingPolicy.Default);

    /// <summary>
    /// Applies a round to a device's active alarms. A fault that came back reopens its recently resolved alarm
    /// (see <see cref="FlappingPolicy"/>); other new faults open alarms, which are returned.
    /// </summary>
    /// <param name="recentlyResolved">
    /// The device's alarms resolved (not closed) within the flapping period; a fault with the same type and subject reopens the latest.
    /// </param>
    public static IReadOnlyList<Alarm> Apply(DeviceHealth health, ProbeRound round, IReadOnlyList<Alarm> activeAlarms, long? offlineAncestorId,
        IReadOnlyList<Alarm> recentlyResolved, FlappingPolicy flapping)
    {
        var now = round.CompletedAt;
        var opened = new List<Alarm>();

        var offlineAlarm = activeAlarms.FirstOrDefault(a => a.Type == AlarmType.Offline);
        if (health.State == HealthState.Offline)
        {
            if (offlineAlarm is null && LatestResolved(recentlyResolved, AlarmType.Offline, "", now - flapping.Period) is { } previous)
            {
                previous.Reopen(now, health.StateReason, flapping, health.OfflineCause);
                UpdateAttribution(previous, offlineAncestorId, now);
            }
            else if (offlineAlarm is null)
            {
                opened.Add(Alarm.Open(round.DeviceId, AlarmType.Offline, "", health.StateReason, now,
                    offlineCause: health.OfflineCause, causedByDeviceId: offlineAncestorId));
            }
            else if (health.FailedRounds > 0)
            {
                offlineAlarm.Recur(now, health.StateReason, health.OfflineCause);
                UpdateAttribution(offlineAlarm, offlineAncestorId, now);
            }
        }
        else if (offlineAlarm is not null && health.FailedRounds == 0)
        {
            offlineAlarm.Resolve(now, health.State == HealthState.Unknown ? health.StateReason : "device answered again", flapping);
        }

        var seen = new HashSet<(AlarmType, string)>();
        foreach (var outcome in round.Outcomes.Where(o => o.Status == ProbeStatus.Reachable))
        {
            foreach (var finding in outcome.Findings)
            {
                if (!seen.Add((finding.Type, finding.Subject)))
                {
                    continue;
                }

                var existing = activeAlarms.FirstOrDefault(a => a.Type == finding.Type && a.Subject == finding.Subject);
                if (existing is null && LatestResolved(recentlyResolved, finding.Type, finding.Subject, now - flapping.Period) is { } previous)
                {
                    previous.Reopen(now, finding.Detail, flapping);
                    UpdateAttribution(previous, offlineAncestorId, now);
                }
                else if (existing is null)
                {
                    opened.Add(Alarm.Open(round.DeviceId, finding.Type, finding.Subject, finding.Detail, now,
                        sourceProbe: outcome.Kind, causedByDeviceId: offlineAncestorId));
                }
                else
                {
                    existing.Recur(now, finding.Detail);
                    UpdateAttribution(existing, offlineAncestorId, now);
                }
            }
        }

        foreach (var alarm in activeAlarms.Where(a => a.Type != AlarmType.Offline && !seen.Contains((a.Type, a.Subject))))
        {
            var source = alarm.SourceProbe is { } kind ? round.Outcome(kind) : null;
            if (source is null)
            {
                alarm.Resolve(now, $"{alarm.SourceProbe} no longer runs for this device", flapping);
            }
            else if (source.Status == ProbeStatus.Reachable)
            {
                alarm.Resolve(now, $"{source.Kind} no longer reports it", flapping);
            }
        }

        return opened;
    }

    /// <summary>Resolves every active alarm of a device whose monitoring was paused or which was deleted.</summary>
    public static void ResolveAll(IEnumerable<Alarm> activeAlarms, DateTimeOffset now, string reason)
    {
        foreach (var alarm in activeAlarms.Where(a => a.IsFaultPresent))
        {
            alarm.Resolve(now, reason);
        }
    }

    private static Alarm? LatestResolved(IReadOnlyList<Alarm> recentlyResolved, AlarmType type, string subject, DateTimeOffset since) =>
        recentlyResolved
            .Where(a => a.Type == type && a.Subject == subject && a.State == AlarmState.Resolved && a.ResolvedAt >= since)
            .MaxBy(a => a.ResolvedAt);

    private static void UpdateAttribution(Alarm alarm, long? offlineAncestorId, DateTimeOffset now)
    {
        if (offlineAncestorId is { } ancestor)
        {
            alarm.AttributeToParent(ancestor, now);
        }
        else
        {
            alarm.DetachFromParent(now);
        }
    }
}
