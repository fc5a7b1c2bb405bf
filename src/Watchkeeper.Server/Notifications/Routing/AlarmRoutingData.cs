using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>A device as routing needs it.</summary>
internal sealed record RoutedDevice(long Id, string Code, string Name, long OrganizationId, DeviceKind Kind);

/// <summary>Loads what rules match and templates show for a batch of alarms, for the dispatcher and the delivery worker alike.</summary>
internal static class AlarmRoutingData
{
    public static async Task<Dictionary<long, RoutedDevice>> DevicesAsync(WatchkeeperDbContext db, IEnumerable<long> deviceIds, CancellationToken cancellationToken)
    {
        var devices = await ChunkedQuery.ToListAsync(deviceIds, chunk => db.Devices.IgnoreOrganizationScope().AsNoTracking().Where(d => chunk.Contains(d.Id))
            .Select(d => new RoutedDevice(d.Id, d.Code, d.Name, d.OrganizationId, d.Kind)), cancellationToken);
        return devices.ToDictionary(d => d.Id);
    }

    public static IReadOnlyList<long> PathOf(OrganizationTree tree, long organizationId)
    {
        var path = new List<long>();
        for (var current = tree.Find(organizationId); current is not null && path.Count < 64; current = current.ParentId is { } parent ? tree.Find(parent) : null)
        {
            path.Add(current.Id);
        }

        return path.Count == 0 ? [organizationId] : path;
    }

    public static AlarmRouteSubject Subject(Alarm alarm, RoutedDevice device, OrganizationTree tree) =>
        new(alarm.Id, alarm.DeviceId, PathOf(tree, device.OrganizationId), device.Kind, alarm.Type, alarm.Severity, alarm.IncidentId);

    public static AlarmMatchSubject MatchSubject(Alarm alarm, RoutedDevice device) =>
        new(alarm.DeviceId, device.OrganizationId, device.Kind, alarm.Type, alarm.Severity);

    /// <summary>
    /// Builds the template items, ignoring the reader's organization scope because the routing rule decided who receives
    /// them. A root alarm (an offline parent device) carries how many devices its outage affects:
    /// the devices whose present alarms are attributed to it.
    /// </summary>
    public static async Task<Dictionary<long, AlarmNotificationItem>> ItemsAsync(WatchkeeperDbContext db, IReadOnlyCollection<Alarm> alarms,
        IReadOnlyDictionary<long, RoutedDevice> devices, OrganizationTree tree, CancellationToken cancellationToken)
    {
        // NOTE: this counts the devices whose alarms name this device as their offline parent. Devices below an
        // intermediate parent that is offline too are counted under that parent, whereas the alarm board
        // (AlarmQueries.CountAffectedDevicesAsync) counts every down device in the subtree.
        var parentIds = alarms.Where(a => a.Type == AlarmType.Offline).Select(a => a.DeviceId).Distinct().ToList();
        var affected = parentIds.Count == 0
            ? new Dictionary<long, int>()
            : (await ChunkedQuery.ToListAsync(parentIds, chunk => db.Alarms.IgnoreOrganizationScope().AsNoTracking()
                    .Where(a => a.CausedByDeviceId != null && chunk.Contains(a.CausedByDeviceId.Value) && a.ResolvedAt == null)
                    .GroupBy(a => a.CausedByDeviceId!.Value).Select(g => new { g.Key, Count = g.Select(a => a.DeviceId).Distinct().Count() }), cancellationToken))
                .ToDictionary(x => x.Key, x => x.Count);

        var items = new Dictionary<long, AlarmNotificationItem>();
        foreach (var alarm in alarms)
        {
            var device = devices.GetValueOrDefault(alarm.DeviceId);
            var organization = device is null ? "" : tree.PathOf(device.OrganizationId);
            var count = alarm.Type == AlarmType.Offline ? affected.GetValueOrDefault(alarm.DeviceId) : 0;
            items[alarm.Id] = new AlarmNotificationItem(alarm.Id, device?.Code ?? "", device?.Name ?? "", organization, alarm.Type, alarm.Subject,
                alarm.Severity, alarm.State, alarm.Detail, alarm.FirstSeenAt, alarm.ResolvedAt, count);
        }

        return items;
    }
}
