using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Notifications;

/// <summary>Loads alarms with their device and organization names as templates and webhook bodies show them.</summary>
public sealed class AlarmNotificationItems(IDbContextFactory<WatchkeeperDbContext> dbFactory, OrganizationDirectory organizations)
{
    /// <summary>Returns the items of <paramref name="alarmIds"/> in the given order, leaving out alarms that no longer exist.</summary>
    public async Task<IReadOnlyList<AlarmNotificationItem>> LoadAsync(IReadOnlyCollection<long> alarmIds, CancellationToken cancellationToken)
    {
        if (alarmIds.Count == 0)
        {
            return [];
        }

        var ids = alarmIds.ToArray();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var alarms = await ChunkedQuery.ToListAsync(ids, chunk => db.Alarms.IgnoreOrganizationScope().AsNoTracking().Where(a => chunk.Contains(a.Id)), cancellationToken);
        var devices = await AlarmRoutingData.DevicesAsync(db, alarms.Select(a => a.DeviceId), cancellationToken);
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var items = await AlarmRoutingData.ItemsAsync(db, alarms, devices, tree, cancellationToken);
        return [.. alarmIds.Where(items.ContainsKey).Select(id => items[id])];
    }
}
