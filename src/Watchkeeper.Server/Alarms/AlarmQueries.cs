using System.Linq.Expressions;
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

    /// <summary>Text that the device's code or name, the alarm's subject or its detail contains, case-insensitive for ASCII.</summary>
    public string? Text { get; init; }
}

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

public sealed class AlarmQueries(WatchkeeperDbContext db, OrganizationDirectory organizations, DeviceDirectory directory)
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

        return await ToPageAsync(items, page, pageSize, total, cancellationToken);
    }

    /// <summary>
    /// Counts the alarms <paramref name="filter"/> matches by severity, leaving out its own severity condition so that
    /// the counts stay visible while the list shows one severity.
    /// </summary>
    public async Task<AlarmSeverityCounts> CountBySeverityAsync(AlarmFilter filter, CancellationToken cancellationToken)
    {
        var rows = await FilterAsync(filter with { Severities = [] }, cancellationToken);
        var counts = await rows.GroupBy(r => r.Alarm.Severity)
            .Select(g => new { Severity = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int CountOf(AlarmSeverity severity) => counts.FirstOrDefault(c => c.Severity == severity)?.Count ?? 0;
        return new AlarmSeverityCounts(CountOf(AlarmSeverity.Critical), CountOf(AlarmSeverity.Major), CountOf(AlarmSeverity.Minor), CountOf(AlarmSeverity.Warning));
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
        return row is null ? null : (await ToPageAsync([row], 1, 1, 1, cancellationToken)).Items[0];
    }

    /// <summary>Returns the alarms <paramref name="predicate"/> matches, newest first, at most <paramref name="take"/> with the total count.</summary>
    public async Task<AlarmPage> ListWhereAsync(Expression<Func<Alarm, bool>> predicate, int take, CancellationToken cancellationToken)
    {
        var rows = WithDevices(db.Alarms.AsNoTracking().Where(predicate));
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.Alarm.LastSeenAt).ThenByDescending(r => r.Alarm.Id).Take(take).ToListAsync(cancellationToken);
        return await ToPageAsync(items, 1, take, total, cancellationToken);
    }

    public async Task<IReadOnlyList<AlarmActivity>> ActivitiesAsync(long alarmId, CancellationToken cancellationToken) =>
        await db.AlarmActivities.AsNoTracking().Where(a => a.AlarmId == alarmId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);

    internal static AlarmResponse ToResponse(Alarm alarm, string code, string name, string? parentCode, IReadOnlyDictionary<long, int>? affected = null) => new(
        alarm.Id, alarm.DeviceId, code, name, alarm.Type, alarm.Subject, alarm.Severity, alarm.State, alarm.Detail, alarm.OfflineCause,
        alarm.SourceProbe, alarm.FirstSeenAt, alarm.LastSeenAt, alarm.OccurrenceCount, alarm.AcknowledgedAt, alarm.AcknowledgedBy,
        alarm.ResolvedAt, alarm.CausedByDeviceId, parentCode, alarm.Suppression, alarm.SuppressionReason, alarm.IsFlapping, alarm.IncidentId,
        alarm.ClosedAt, alarm.ClosedBy, alarm.CloseReason, alarm.EscalationStep,
        affected is not null && affected.TryGetValue(alarm.Id, out var count) ? count : null);

    private async Task<AlarmPage> ToPageAsync(List<AlarmRow> rows, int page, int pageSize, int total, CancellationToken cancellationToken)
    {
        var affected = await CountAffectedDevicesAsync(rows.Select(r => r.Alarm).ToList(), cancellationToken);
        return new AlarmPage([.. rows.Select(r => ToResponse(r.Alarm, r.Code, r.Name, r.ParentCode, affected))], page, pageSize, total);
    }

    /// <summary>Applies <paramref name="filter"/> to the alarms with their device and parent device codes.</summary>
    private async Task<IQueryable<AlarmRow>> FilterAsync(AlarmFilter filter, CancellationToken cancellationToken)
    {
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

        var rows = WithDevices(alarms);
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
            // lower() folds ASCII on both databases, which is what device codes need; Chinese has no case.
            var text = filter.Text.Trim().ToLowerInvariant();
            rows = rows.Where(r => r.Code.ToLower().Contains(text) || r.Name.ToLower().Contains(text)
                || r.Alarm.Subject.ToLower().Contains(text) || r.Alarm.Detail.ToLower().Contains(text));
        }

        return rows;
    }

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

    private IQueryable<AlarmRow> WithDevices(IQueryable<Alarm> alarms) =>
        from a in alarms
        join d in db.Devices.AsNoTracking() on a.DeviceId equals d.Id
        join p in db.Devices.AsNoTracking() on a.CausedByDeviceId equals p.Id into parents
        from p in parents.DefaultIfEmpty()
        select new AlarmRow { Alarm = a, Code = d.Code, Name = d.Name, OrganizationId = d.OrganizationId, Kind = d.Kind, ParentCode = p == null ? null : p.Code };

    private sealed class AlarmRow
    {
        public required Alarm Alarm { get; init; }

        public required string Code { get; init; }

        public required string Name { get; init; }

        public long OrganizationId { get; init; }

        public DeviceKind Kind { get; init; }

        public string? ParentCode { get; init; }
    }
}
