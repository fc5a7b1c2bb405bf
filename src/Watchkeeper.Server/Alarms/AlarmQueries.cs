using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Alarms;

public sealed record AlarmResponse(
    long Id,
    long DeviceId,
    string DeviceCode,
    string DeviceName,
    AlarmType Type,
    string Subject,
    AlarmSeverity Severity,
    AlarmState State,
    string Detail,
    OfflineCause? OfflineCause,
    ProbeKind? SourceProbe,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    int OccurrenceCount,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    long? CausedByDeviceId,
    string? CausedByDeviceCode,
    AlarmSuppression? Suppression,
    string SuppressionReason,
    bool IsFlapping,
    long? IncidentId,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    string? CloseReason,
    int EscalationStep);

public sealed record AlarmPage(IReadOnlyList<AlarmResponse> Items, int Page, int PageSize, int TotalCount);

/// <summary>Which alarms a list shows: <c>Open</c> means every alarm not yet resolved, acknowledged ones included.</summary>
public enum AlarmListState
{
    All,
    Open,
    Resolved,
}

/// <param name="CausedByDeviceId">Keeps only the alarms attributed to this offline parent device.</param>
public sealed record AlarmFilter(
    AlarmListState State = AlarmListState.Open,
    long? DeviceId = null,
    long? OrganizationId = null,
    bool? CausedByParent = null,
    long? CausedByDeviceId = null);

public sealed class AlarmQueries(WatchkeeperDbContext db, OrganizationDirectory organizations)
{
    public const int MaxPageSize = 500;

    public async Task<AlarmPage> ListAsync(AlarmFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);

        var alarms = db.Alarms.AsNoTracking();
        alarms = filter.State switch
        {
            AlarmListState.Open => alarms.Where(a => a.State == AlarmState.Open || a.State == AlarmState.Acknowledged),
            AlarmListState.Resolved => alarms.Where(a => a.State == AlarmState.Resolved),
            _ => alarms,
        };

        if (filter.DeviceId is { } deviceId)
        {
            alarms = alarms.Where(a => a.DeviceId == deviceId);
        }

        if (filter.CausedByParent is { } caused)
        {
            alarms = caused ? alarms.Where(a => a.CausedByDeviceId != null) : alarms.Where(a => a.CausedByDeviceId == null);
        }

        if (filter.CausedByDeviceId is { } parentId)
        {
            alarms = alarms.Where(a => a.CausedByDeviceId == parentId);
        }

        var rows = from a in alarms
                   join d in db.Devices.AsNoTracking() on a.DeviceId equals d.Id
                   join p in db.Devices.AsNoTracking() on a.CausedByDeviceId equals p.Id into parents
                   from p in parents.DefaultIfEmpty()
                   select new { Alarm = a, d.Code, d.Name, d.OrganizationId, ParentCode = p == null ? null : p.Code };

        if (filter.OrganizationId is { } organizationId)
        {
            var ids = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(organizationId);
            rows = rows.Where(r => ids.Contains(r.OrganizationId));
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.Alarm.LastSeenAt).ThenByDescending(r => r.Alarm.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);

        return new AlarmPage(items.Select(r => ToResponse(r.Alarm, r.Code, r.Name, r.ParentCode)).ToList(), page, pageSize, total);
    }

    /// <summary>
    /// Counts, for each of <paramref name="parentDeviceIds"/>, the unresolved alarms of other devices attributed to
    /// it, so that a list can show a parent's alarm with the child alarms it explains.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, int>> CountCausedByAsync(IReadOnlyCollection<long> parentDeviceIds, CancellationToken cancellationToken)
    {
        if (parentDeviceIds.Count == 0)
        {
            return new Dictionary<long, int>();
        }

        var ids = parentDeviceIds.Distinct().ToList();
        var rows = await db.Alarms.AsNoTracking()
            .Where(a => a.ResolvedAt == null && a.CausedByDeviceId != null && ids.Contains(a.CausedByDeviceId.Value))
            .GroupBy(a => a.CausedByDeviceId!.Value)
            .Select(g => new { DeviceId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.DeviceId, r => r.Count);
    }

    public async Task<AlarmResponse?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var row = await (from a in db.Alarms.AsNoTracking()
                         join d in db.Devices.AsNoTracking() on a.DeviceId equals d.Id
                         join p in db.Devices.AsNoTracking() on a.CausedByDeviceId equals p.Id into parents
                         from p in parents.DefaultIfEmpty()
                         where a.Id == id
                         select new { Alarm = a, d.Code, d.Name, ParentCode = p == null ? null : p.Code }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToResponse(row.Alarm, row.Code, row.Name, row.ParentCode);
    }

    public async Task<IReadOnlyList<AlarmActivity>> ActivitiesAsync(long alarmId, CancellationToken cancellationToken) =>
        await db.AlarmActivities.AsNoTracking().Where(a => a.AlarmId == alarmId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);

    private static AlarmResponse ToResponse(Alarm alarm, string code, string name, string? parentCode) => new(
        alarm.Id, alarm.DeviceId, code, name, alarm.Type, alarm.Subject, alarm.Severity, alarm.State, alarm.Detail, alarm.OfflineCause,
        alarm.SourceProbe, alarm.FirstSeenAt, alarm.LastSeenAt, alarm.OccurrenceCount, alarm.AcknowledgedAt, alarm.AcknowledgedBy,
        alarm.ResolvedAt, alarm.CausedByDeviceId, parentCode, alarm.Suppression, alarm.SuppressionReason, alarm.IsFlapping, alarm.IncidentId,
        alarm.ClosedAt, alarm.ClosedBy, alarm.CloseReason, alarm.EscalationStep);
}
