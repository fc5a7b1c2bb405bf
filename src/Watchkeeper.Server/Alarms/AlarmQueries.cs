using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
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
    int EscalationStep,
    int? AffectedDeviceCount = null);

public sealed record AlarmPage(IReadOnlyList<AlarmResponse> Items, int Page, int PageSize, int TotalCount);

/// <summary>
/// Which alarms a list shows: <c>Open</c> means every alarm that still needs attention (open or acknowledged),
/// <c>Closed</c> the alarms an operator closed whether or not their fault cleared.
/// </summary>
public enum AlarmListState
{
    All,
    Open,
    Resolved,
    Acknowledged,
    Closed,
}

/// <param name="CausedByDeviceId">Keeps only the alarms attributed to this offline parent device.</param>
public sealed record AlarmFilter(
    AlarmListState State = AlarmListState.Open,
    long? DeviceId = null,
    long? OrganizationId = null,
    bool? CausedByParent = null,
    long? CausedByDeviceId = null)
{
    /// <summary>Keeps the alarms of any of these severities; empty keeps all.</summary>
    public IReadOnlyList<AlarmSeverity> Severities { get; init; } = [];

    /// <summary>Keeps the alarms of any of these types; empty keeps all.</summary>
    public IReadOnlyList<AlarmType> Types { get; init; } = [];

    public DeviceKind? DeviceKind { get; init; }

    /// <summary>True keeps the suppressed alarms (window, silence or root cause), false the others.</summary>
    public bool? Suppressed { get; init; }

    public bool? Flapping { get; init; }

    public long? IncidentId { get; init; }

    /// <summary>Earliest <see cref="Alarm.LastSeenAt"/>, inclusive.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Latest <see cref="Alarm.LastSeenAt"/>, exclusive.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Text the device's code or name contains, case-insensitive.</summary>
    public string? Text { get; init; }
}

public sealed class AlarmQueries(WatchkeeperDbContext db, OrganizationDirectory organizations, DeviceDirectory directory)
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
            AlarmListState.Acknowledged => alarms.Where(a => a.State == AlarmState.Acknowledged),
            AlarmListState.Resolved => alarms.Where(a => a.State == AlarmState.Resolved),
            AlarmListState.Closed => alarms.Where(a => a.State == AlarmState.Closed),
            _ => alarms,
        };
        alarms = ApplyAlarmFilters(alarms, filter);

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
                   select new { Alarm = a, d.Code, d.Name, d.OrganizationId, d.Kind, ParentCode = p == null ? null : p.Code };

        if (filter.OrganizationId is { } organizationId)
        {
            var ids = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(organizationId);
            rows = rows.Where(r => ids.Contains(r.OrganizationId));
        }

        if (filter.DeviceKind is { } kind)
        {
            rows = rows.Where(r => r.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim().ToLowerInvariant();
            rows = rows.Where(r => r.Code.ToLower().Contains(text) || r.Name.ToLower().Contains(text));
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.Alarm.LastSeenAt).ThenByDescending(r => r.Alarm.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);

        var affected = await CountAffectedDevicesAsync(items.Select(r => r.Alarm).ToList(), cancellationToken);
        return new AlarmPage(items.Select(r => ToResponse(r.Alarm, r.Code, r.Name, r.ParentCode, affected)).ToList(), page, pageSize, total);
    }

    /// <summary>
    /// Counts, for each root alarm among <paramref name="alarms"/> (an Offline alarm no parent explains, fault present),
    /// the devices below its device in the topology that have an unresolved alarm attributed to an offline parent.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, int>> CountAffectedDevicesAsync(IReadOnlyList<Alarm> alarms, CancellationToken cancellationToken)
    {
        var roots = alarms.Where(IsRootAlarm).ToList();
        if (roots.Count == 0)
        {
            return new Dictionary<long, int>();
        }

        var descendants = roots.Select(a => a.DeviceId).Distinct().ToDictionary(id => id, id => directory.DescendantsOf(id));
        var candidates = descendants.Values.SelectMany(ids => ids).Distinct().ToList();
        var down = new HashSet<long>();
        foreach (var chunk in candidates.Chunk(10_000))
        {
            down.UnionWith(await db.Alarms.AsNoTracking()
                .Where(a => a.ResolvedAt == null && a.CausedByDeviceId != null && chunk.Contains(a.DeviceId))
                .Select(a => a.DeviceId).Distinct().ToListAsync(cancellationToken));
        }

        return roots.ToDictionary(a => a.Id, a => descendants[a.DeviceId].Count(down.Contains));
    }

    /// <summary>Whether the alarm is a root: its device is offline on its own and may explain the alarms of the devices below it.</summary>
    internal static bool IsRootAlarm(Alarm alarm) => alarm.Type == AlarmType.Offline && alarm.CausedByDeviceId is null && alarm.IsFaultPresent;

    private static IQueryable<Alarm> ApplyAlarmFilters(IQueryable<Alarm> alarms, AlarmFilter filter)
    {
        if (filter.Severities.Count > 0)
        {
            var severities = filter.Severities.ToList();
            alarms = alarms.Where(a => severities.Contains(a.Severity));
        }

        if (filter.Types.Count > 0)
        {
            var types = filter.Types.ToList();
            alarms = alarms.Where(a => types.Contains(a.Type));
        }

        if (filter.Suppressed is { } suppressed)
        {
            alarms = suppressed ? alarms.Where(a => a.Suppression != null) : alarms.Where(a => a.Suppression == null);
        }

        if (filter.Flapping is { } flapping)
        {
            alarms = alarms.Where(a => a.IsFlapping == flapping);
        }

        if (filter.IncidentId is { } incidentId)
        {
            alarms = alarms.Where(a => a.IncidentId == incidentId);
        }

        if (filter.From is { } from)
        {
            alarms = alarms.Where(a => a.LastSeenAt >= from);
        }

        if (filter.To is { } to)
        {
            alarms = alarms.Where(a => a.LastSeenAt < to);
        }

        return alarms;
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
        if (row is null)
        {
            return null;
        }

        var affected = await CountAffectedDevicesAsync([row.Alarm], cancellationToken);
        return ToResponse(row.Alarm, row.Code, row.Name, row.ParentCode, affected);
    }

    public async Task<IReadOnlyList<AlarmActivity>> ActivitiesAsync(long alarmId, CancellationToken cancellationToken) =>
        await db.AlarmActivities.AsNoTracking().Where(a => a.AlarmId == alarmId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);

    internal static AlarmResponse ToResponse(Alarm alarm, string code, string name, string? parentCode, IReadOnlyDictionary<long, int>? affected = null) => new(
        alarm.Id, alarm.DeviceId, code, name, alarm.Type, alarm.Subject, alarm.Severity, alarm.State, alarm.Detail, alarm.OfflineCause,
        alarm.SourceProbe, alarm.FirstSeenAt, alarm.LastSeenAt, alarm.OccurrenceCount, alarm.AcknowledgedAt, alarm.AcknowledgedBy,
        alarm.ResolvedAt, alarm.CausedByDeviceId, parentCode, alarm.Suppression, alarm.SuppressionReason, alarm.IsFlapping, alarm.IncidentId,
        alarm.ClosedAt, alarm.ClosedBy, alarm.CloseReason, alarm.EscalationStep,
        affected is not null && affected.TryGetValue(alarm.Id, out var count) ? count : null);
}
