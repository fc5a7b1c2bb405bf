using Watchkeeper.Core.Alarms;

namespace Watchkeeper.Server.Alarms;

/// <summary>Orders a page of alarms so that the alarms an offline parent explains follow the parent's own alarm.</summary>
public static class AlarmGrouping
{
    /// <summary>
    /// Moves each alarm attributed to a parent device right after that parent's Offline alarm when both are in
    /// <paramref name="alarms"/>. Every other alarm keeps its place.
    /// </summary>
    public static IReadOnlyList<AlarmResponse> GroupUnderParents(IReadOnlyList<AlarmResponse> alarms)
    {
        var parentAlarms = alarms.Where(IsParentAlarm).GroupBy(a => a.DeviceId).ToDictionary(g => g.Key, g => g.First().Id);
        var children = alarms
            .Where(a => a.CausedByDeviceId is { } parent && parentAlarms.ContainsKey(parent))
            .ToLookup(a => a.CausedByDeviceId!.Value);

        var ordered = new List<AlarmResponse>(alarms.Count);
        foreach (var alarm in alarms)
        {
            if (alarm.CausedByDeviceId is { } parent && parentAlarms.ContainsKey(parent))
            {
                continue;
            }

            ordered.Add(alarm);
            if (parentAlarms.TryGetValue(alarm.DeviceId, out var parentAlarmId) && parentAlarmId == alarm.Id)
            {
                ordered.AddRange(children[alarm.DeviceId]);
            }
        }

        return ordered;
    }

    private static bool IsParentAlarm(AlarmResponse alarm) => alarm.Type == AlarmType.Offline && alarm.CausedByDeviceId is null;
}
