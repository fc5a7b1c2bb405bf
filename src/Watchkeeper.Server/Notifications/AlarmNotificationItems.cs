using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications;

/// <summary>Loads alarms with their device and organization names as templates and webhook bodies show them.</summary>
public sealed class AlarmNotificationItems(IDbContextFactory<WatchkeeperDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AlarmNotificationItem>> LoadAsync(IReadOnlyCollection<long> alarmIds, CancellationToken cancellationToken)
    {
        if (alarmIds.Count == 0)
        {
            return [];
        }

        var ids = alarmIds.ToArray();

        // The delivery worker sends what a routing rule chose; so the rule, not the reader's scope, decided who may read it.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from alarm in db.Alarms.IgnoreOrganizationScope()
            join device in db.Devices.IgnoreOrganizationScope() on alarm.DeviceId equals device.Id
            join organization in db.Organizations.IgnoreOrganizationScope() on device.OrganizationId equals organization.Id
            where ids.Contains(alarm.Id)
            select new
            {
                alarm.Id,
                alarm.DeviceId,
                device.Code,
                device.Name,
                Organization = organization.Name,
                alarm.Type,
                alarm.Subject,
                alarm.Severity,
                alarm.State,
                alarm.Detail,
                alarm.FirstSeenAt,
                alarm.ResolvedAt,
                Affected = db.Alarms.IgnoreOrganizationScope().Count(c => c.CausedByDeviceId == alarm.DeviceId && c.ResolvedAt == null),
            }).AsNoTracking().ToListAsync(cancellationToken);

        var order = alarmIds.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index);
        return [.. rows.OrderBy(r => order[r.Id]).Select(r => new AlarmNotificationItem(r.Id, r.Code, r.Name, r.Organization, r.Type, r.Subject, r.Severity,
            r.State, r.Detail, r.FirstSeenAt, r.ResolvedAt, r.Affected))];
    }
}
