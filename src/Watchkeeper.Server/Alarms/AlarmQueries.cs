using System.Linq.Expressions;
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

/// <summary>
/// Which alarms a list shows: <c>Open</c> means every alarm not yet resolved or closed, acknowledged ones included.
/// <c>Closed</c> means the alarms an operator closed, whether or not their fault has cleared since.
/// </summary>
public enum AlarmListState
{
    All,
    Open,
    Resolved,
    Closed,
}

/// <param name="CausedByDeviceId">Keeps only the alarms attributed to this offline parent device.</param>
/// <param name="Suppressed">True keeps only suppressed alarms (window, silence or root cause), false only the others.</param>
/// <param name="Flapping">True keeps only flapping alarms, false only the others.</param>
/// <param name="Text">Part of the device code, device name, subject or detail, case ignored.</param>
public sealed record AlarmFilter(
    AlarmListState State = AlarmListState.Open,
    long? DeviceId = null,
    long? OrganizationId = null,
    bool? CausedByParent = null,
    long? CausedByDeviceId = null,
    AlarmSeverity? Severity = null,
    bool? Suppressed = null,
    bool? Flapping = null,
    string? Text = null);

/// <summary>How many alarms of each severity a filter matches, for the counts above the alarm board.</summary>
public sealed record AlarmSeverityCounts(int Critical, int Major, int Minor, int Warning)
{
    public int Of(AlarmSeverity severity) => severity switch
    {
        AlarmSeverity.Critical => Critical,
        AlarmSeverity.Major => Major,
        AlarmSeverity.Minor => Minor,
        _ => Warning,
    };
}

public sealed class AlarmQueries(WatchkeeperDbContext db, OrganizationDirectory organizations)
{
    public const int MaxPageSize = 500;

    public async Task<AlarmPage> ListAsync(AlarmFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);

        var rows = await FilterAsync(filter, cancellationToken);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.Alarm.LastSeenAt).ThenByDescending(r => r.Alarm.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);

        return new AlarmPage([.. items.Select(ToResponse)], page, pageSize, total);
    }

    /// <summary>
    /// Counts the alarms <paramref name="filter"/> matches by severity, leaving out its own severity condition so that
    /// the counts stay visible while the list shows one severity.
    /// </summary>
    public async Task<AlarmSeverityCounts> CountBySeverityAsync(AlarmFilter filter, CancellationToken cancellationToken)
    {
        var rows = await FilterAsync(filter with { Severity = null }, cancellationToken);
        var counts = await rows.GroupBy(r => r.Alarm.Severity)
            .Select(g => new { Severity = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int CountOf(AlarmSeverity severity) => counts.FirstOrDefault(c => c.Severity == severity)?.Count ?? 0;
        return new AlarmSeverityCounts(CountOf(AlarmSeverity.Critical), CountOf(AlarmSeverity.Major), CountOf(AlarmSeverity.Minor), CountOf(AlarmSeverity.Warning));
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
        var row = await WithDevices(db.Alarms.AsNoTracking().Where(a => a.Id == id)).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToResponse(row);
    }

    /// <summary>Returns the alarms <paramref name="predicate"/> matches, newest first, at most <paramref name="take"/> with the total count.</summary>
    public async Task<AlarmPage> ListWhereAsync(Expression<Func<Alarm, bool>> predicate, int take, CancellationToken cancellationToken)
    {
        var rows = WithDevices(db.Alarms.AsNoTracking().Where(predicate));
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.Alarm.LastSeenAt).ThenByDescending(r => r.Alarm.Id).Take(take).ToListAsync(cancellationToken);
        return new AlarmPage([.. items.Select(ToResponse)], 1, take, total);
    }

    public async Task<IReadOnlyList<AlarmActivity>> ActivitiesAsync(long alarmId, CancellationToken cancellationToken) =>
        await db.AlarmActivities.AsNoTracking().Where(a => a.AlarmId == alarmId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>Applies <paramref name="filter"/> to the alarms with their device and parent device codes.</summary>
    private async Task<IQueryable<AlarmRow>> FilterAsync(AlarmFilter filter, CancellationToken cancellationToken)
    {
        var alarms = db.Alarms.AsNoTracking();
        alarms = filter.State switch
        {
            AlarmListState.Open => alarms.Where(a => a.State == AlarmState.Open || a.State == AlarmState.Acknowledged),
            AlarmListState.Resolved => alarms.Where(a => a.State == AlarmState.Resolved),
            AlarmListState.Closed => alarms.Where(a => a.State == AlarmState.Closed),
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

        if (filter.Severity is { } severity)
        {
            alarms = alarms.Where(a => a.Severity == severity);
        }

        if (filter.Suppressed is { } suppressed)
        {
            alarms = suppressed ? alarms.Where(a => a.Suppression != null) : alarms.Where(a => a.Suppression == null);
        }

        if (filter.Flapping is { } flapping)
        {
            alarms = alarms.Where(a => a.IsFlapping == flapping);
        }

        var rows = WithDevices(alarms);
        if (filter.OrganizationId is { } organizationId)
        {
            var ids = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(organizationId);
            rows = rows.Where(r => ids.Contains(r.OrganizationId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            // lower() folds ASCII on both databases, which is what device codes need; Chinese has no case.
            var text = filter.Text.Trim().ToLowerInvariant();
            rows = rows.Where(r => r.Code.ToLower().Contains(text) || r.Name.ToLower().Contains(text)
                || r.Alarm.Subject.ToLower().Contains(text) || r.Alarm.Detail.ToLower().Contains(text));
        }

        return rows;
    }

    private IQueryable<AlarmRow> WithDevices(IQueryable<Alarm> alarms) =>
        from a in alarms
        join d in db.Devices.AsNoTracking() on a.DeviceId equals d.Id
        join p in db.Devices.AsNoTracking() on a.CausedByDeviceId equals p.Id into parents
        from p in parents.DefaultIfEmpty()
        select new AlarmRow { Alarm = a, Code = d.Code, Name = d.Name, OrganizationId = d.OrganizationId, ParentCode = p == null ? null : p.Code };

    private static AlarmResponse ToResponse(AlarmRow row)
    {
        var alarm = row.Alarm;
        return new AlarmResponse(alarm.Id, alarm.DeviceId, row.Code, row.Name, alarm.Type, alarm.Subject, alarm.Severity, alarm.State, alarm.Detail,
            alarm.OfflineCause, alarm.SourceProbe, alarm.FirstSeenAt, alarm.LastSeenAt, alarm.OccurrenceCount, alarm.AcknowledgedAt,
            alarm.AcknowledgedBy, alarm.ResolvedAt, alarm.CausedByDeviceId, row.ParentCode, alarm.Suppression, alarm.SuppressionReason,
            alarm.IsFlapping, alarm.IncidentId, alarm.ClosedAt, alarm.ClosedBy, alarm.CloseReason, alarm.EscalationStep);
    }

    private sealed class AlarmRow
    {
        public required Alarm Alarm { get; init; }

        public required string Code { get; init; }

        public required string Name { get; init; }

        public long OrganizationId { get; init; }

        public string? ParentCode { get; init; }
    }
}
