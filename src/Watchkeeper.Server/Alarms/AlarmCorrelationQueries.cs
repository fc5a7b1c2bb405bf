using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Alarms;

/// <summary>A device below a root alarm's device that is down because of the outage, with its unresolved consequence alarms.</summary>
public sealed record ConsequenceDevice(long DeviceId, string Code, string Name, DeviceKind Kind, HealthState State, IReadOnlyList<AlarmResponse> Alarms);

public sealed record AlarmConsequences(long AlarmId, long DeviceId, int AffectedDeviceCount, IReadOnlyList<ConsequenceDevice> Devices);

public sealed record IncidentResponse(
    long Id,
    AlarmIncidentKind Kind,
    long OrganizationId,
    string OrganizationName,
    string Title,
    DateTimeOffset OpenedAt,
    DateTimeOffset? EndedAt,
    int AlarmCount);

public sealed record IncidentDetail(IncidentResponse Incident, IReadOnlyList<AlarmResponse> Alarms);

public sealed record IncidentFilter(bool? Active = null, long? OrganizationId = null);

/// <summary>Reads what correlation produced: the consequences of a root alarm and the grouped incidents.</summary>
public sealed class AlarmCorrelationQueries(WatchkeeperDbContext db, OrganizationDirectory organizations, DeviceDirectory directory)
{
    public const int MaxIncidents = 500;

    /// <summary>
    /// Lists the devices below the alarm's device in the topology that have unresolved alarms attributed to an offline
    /// parent. The list is empty unless the alarm is a root alarm. Returns null when the alarm does not exist or is out of scope.
    /// </summary>
    public async Task<AlarmConsequences?> ConsequencesAsync(long alarmId, CancellationToken cancellationToken)
    {
        var root = await db.Alarms.AsNoTracking().FirstOrDefaultAsync(a => a.Id == alarmId, cancellationToken);
        if (root is null)
        {
            return null;
        }

        if (!AlarmQueries.IsRootAlarm(root))
        {
            return new AlarmConsequences(root.Id, root.DeviceId, 0, []);
        }

        var below = directory.DescendantsOf(root.DeviceId);
        var rows = new List<(Alarm Alarm, string Code, string Name, DeviceKind Kind, string? ParentCode)>();
        foreach (var chunk in below.Chunk(10_000))
        {
            var found = await (from a in db.Alarms.AsNoTracking()
                               join d in db.Devices.AsNoTracking() on a.DeviceId equals d.Id
                               join p in db.Devices.AsNoTracking() on a.CausedByDeviceId equals p.Id into parents
                               from p in parents.DefaultIfEmpty()
                               where a.ResolvedAt == null && a.CausedByDeviceId != null && chunk.Contains(a.DeviceId)
                               select new { Alarm = a, d.Code, d.Name, d.Kind, ParentCode = p == null ? null : p.Code }).ToListAsync(cancellationToken);
            rows.AddRange(found.Select(r => (r.Alarm, r.Code, r.Name, r.Kind, (string?)r.ParentCode)));
        }

        var deviceIds = rows.Select(r => r.Alarm.DeviceId).Distinct().ToList();
        var states = new Dictionary<long, HealthState>();
        foreach (var chunk in deviceIds.Chunk(10_000))
        {
            foreach (var health in await db.DeviceHealth.AsNoTracking().Where(h => chunk.Contains(h.DeviceId))
                         .Select(h => new { h.DeviceId, h.State }).ToListAsync(cancellationToken))
            {
                states[health.DeviceId] = health.State;
            }
        }

        var devices = rows
            .GroupBy(r => r.Alarm.DeviceId)
            .Select(g => new ConsequenceDevice(g.Key, g.First().Code, g.First().Name, g.First().Kind, states.GetValueOrDefault(g.Key, HealthState.Unknown),
                g.OrderBy(r => r.Alarm.FirstSeenAt).Select(r => AlarmQueries.ToResponse(r.Alarm, r.Code, r.Name, r.ParentCode)).ToList()))
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
        return new AlarmConsequences(root.Id, root.DeviceId, devices.Count, devices);
    }

    /// <summary>Lists incidents, newest first, at most <see cref="MaxIncidents"/>.</summary>
    public async Task<IReadOnlyList<IncidentResponse>> IncidentsAsync(IncidentFilter filter, CancellationToken cancellationToken)
    {
        var incidents = db.AlarmIncidents.AsNoTracking();
        if (filter.Active is { } active)
        {
            incidents = active ? incidents.Where(i => i.EndedAt == null) : incidents.Where(i => i.EndedAt != null);
        }

        if (filter.OrganizationId is { } organizationId)
        {
            var ids = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(organizationId);
            incidents = incidents.Where(i => ids.Contains(i.OrganizationId));
        }

        var rows = await (from i in incidents
                          join o in db.Organizations.AsNoTracking() on i.OrganizationId equals o.Id
                          orderby i.OpenedAt descending, i.Id descending
                          select new { Incident = i, o.Name }).Take(MaxIncidents).ToListAsync(cancellationToken);
        return rows.Select(r => ToResponse(r.Incident, r.Name)).ToList();
    }

    /// <summary>Returns the incident with its alarms, or null when it does not exist or is out of scope.</summary>
    public async Task<IncidentDetail?> IncidentAsync(long id, CancellationToken cancellationToken)
    {
        var row = await (from i in db.AlarmIncidents.AsNoTracking()
                         join o in db.Organizations.AsNoTracking() on i.OrganizationId equals o.Id
                         where i.Id == id
                         select new { Incident = i, o.Name }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var alarms = await (from a in db.Alarms.AsNoTracking()
                            join d in db.Devices.AsNoTracking() on a.DeviceId equals d.Id
                            where a.IncidentId == id
                            orderby a.FirstSeenAt, a.Id
                            select new { Alarm = a, d.Code, d.Name }).ToListAsync(cancellationToken);
        return new IncidentDetail(ToResponse(row.Incident, row.Name), alarms.Select(r => AlarmQueries.ToResponse(r.Alarm, r.Code, r.Name, null)).ToList());
    }

    private static IncidentResponse ToResponse(AlarmIncident incident, string organizationName) => new(
        incident.Id, incident.Kind, incident.OrganizationId, organizationName, incident.Title, incident.OpenedAt, incident.EndedAt, incident.AlarmCount);
}
