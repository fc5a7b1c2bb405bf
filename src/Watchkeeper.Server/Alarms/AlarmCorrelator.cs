using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Alarms;

/// <summary>
/// Groups alarms into site-outage incidents and ends incidents whose alarms are all resolved or closed. The health
/// processor calls it inside its transaction; the alarm timer calls it for alarms that operators closed.
/// </summary>
/// <remarks>
/// A site is the organization a device belongs to. Only Offline alarms that no offline parent explains count: a
/// parent's outage already groups its descendants under the parent's alarm.
/// </remarks>
public sealed partial class AlarmCorrelator(DeviceDirectory directory, IOptions<AlarmOptions> options, ILogger<AlarmCorrelator> logger)
{
    /// <summary>
    /// Joins each site's newly opened Offline alarms to the site's running outage incident, or opens an incident when
    /// enough devices of the site went offline within the window. Saves the context once when it creates incidents.
    /// </summary>
    /// <remarks>
    /// A batch can contain every device of hundreds of sites, so the running incidents and the sites' earlier alarms are
    /// read with one query each rather than one per site.
    /// </remarks>
    public async Task GroupSiteOutagesAsync(WatchkeeperDbContext db, IEnumerable<Alarm> opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value.SiteOutage;
        var bySite = opened
            .Where(IsSiteOutageCandidate)
            .Select(a => (Alarm: a, Site: directory.Find(a.DeviceId)?.OrganizationId))
            .Where(x => x.Site is not null)
            .GroupBy(x => x.Site!.Value, x => x.Alarm)
            .ToDictionary(g => g.Key, g => g.ToList());
        if (bySite.Count == 0)
        {
            return;
        }

        var running = await RunningSiteOutagesAsync(db, bySite.Keys, cancellationToken);
        var waiting = bySite.Keys.Where(site => !running.ContainsKey(site)).ToList();
        var earlier = await RecentUngroupedOfflineAlarmsAsync(db, waiting, now.AddSeconds(-Math.Max(1, settings.WindowSeconds)), cancellationToken);

        var created = new List<(AlarmIncident Incident, List<Alarm> Members)>();
        foreach (var site in waiting)
        {
            var members = bySite[site];
            members.AddRange((earlier.GetValueOrDefault(site) ?? []).Where(a => !members.Contains(a)));
            if (members.Select(a => a.DeviceId).Distinct().Count() >= Math.Max(2, settings.MinDevices))
            {
                created.Add((new AlarmIncident { Kind = AlarmIncidentKind.SiteOutage, OrganizationId = site, OpenedAt = now }, members));
            }
        }

        if (created.Count > 0)
        {
            var siteIds = created.Select(c => c.Incident.OrganizationId).ToList();
            var names = await db.Organizations.IgnoreOrganizationScope()
                .Where(o => siteIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
            foreach (var (incident, _) in created)
            {
                var siteName = names.GetValueOrDefault(incident.OrganizationId);
                incident.Title = $"{siteName}：多台设备同时离线 / Site outage at {siteName}";
                db.AlarmIncidents.Add(incident);
            }

            // The incidents need their keys now. The batch writer first writes the batch's alarms, which change tracking
            // would otherwise insert one statement at a time.
            await TrackedBatchWriter.For(db).SaveAsync([typeof(Alarm), typeof(AlarmActivity)], cancellationToken);
            foreach (var (incident, members) in created)
            {
                LogIncidentOpened(incident.Id, incident.OrganizationId, members.Count);
                running[incident.OrganizationId] = incident;
            }
        }

        foreach (var (site, members) in bySite)
        {
            if (!running.TryGetValue(site, out var incident))
            {
                continue;
            }

            foreach (var alarm in members)
            {
                alarm.JoinIncident(incident.Id, now, $"site outage incident {incident.Id}");
            }

            incident.AlarmCount += members.Count;
        }
    }

    /// <summary>
    /// Ends the running incidents among <paramref name="incidentIds"/> (every running incident when null) that no longer
    /// hold an open or acknowledged alarm. Returns how many ended; the caller saves.
    /// </summary>
    public async Task<int> EndFinishedIncidentsAsync(WatchkeeperDbContext db, IReadOnlyCollection<long>? incidentIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (incidentIds is { Count: 0 })
        {
            return 0;
        }

        var running = db.AlarmIncidents.IgnoreOrganizationScope().Where(i => i.EndedAt == null);
        if (incidentIds is not null)
        {
            running = running.Where(i => incidentIds.Contains(i.Id));
        }

        var finished = await running
            .Where(i => !db.Alarms.IgnoreOrganizationScope().Any(a => a.IncidentId == i.Id && (a.State == AlarmState.Open || a.State == AlarmState.Acknowledged)))
            .ToListAsync(cancellationToken);
        foreach (var incident in finished)
        {
            incident.EndedAt = now;
            LogIncidentEnded(incident.Id, incident.OrganizationId, incident.AlarmCount);
        }

        return finished.Count;
    }

    private static async Task<Dictionary<long, AlarmIncident>> RunningSiteOutagesAsync(WatchkeeperDbContext db, IEnumerable<long> sites,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, AlarmIncident>();
        foreach (var chunk in sites.Chunk(500))
        {
            var incidents = await db.AlarmIncidents.IgnoreOrganizationScope()
                .Where(i => chunk.Contains(i.OrganizationId) && i.Kind == AlarmIncidentKind.SiteOutage && i.EndedAt == null)
                .OrderBy(i => i.Id)
                .ToListAsync(cancellationToken);
            foreach (var incident in incidents)
            {
                result.TryAdd(incident.OrganizationId, incident);
            }
        }

        return result;
    }

    /// <summary>Loads the sites' Offline alarms since <paramref name="cutoff"/> that no parent explains and that joined no incident yet.</summary>
    private static async Task<Dictionary<long, List<Alarm>>> RecentUngroupedOfflineAlarmsAsync(WatchkeeperDbContext db, IReadOnlyCollection<long> sites,
        DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, List<Alarm>>();
        foreach (var chunk in sites.Chunk(500))
        {
            var rows = await (from a in db.Alarms.IgnoreOrganizationScope()
                              join d in db.Devices.IgnoreOrganizationScope() on a.DeviceId equals d.Id
                              where chunk.Contains(d.OrganizationId) && a.Type == AlarmType.Offline && a.ResolvedAt == null
                                    && a.State != AlarmState.Closed && a.CausedByDeviceId == null && a.IncidentId == null
                                    && a.FirstSeenAt >= cutoff
                              select new { Alarm = a, d.OrganizationId }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                (result.TryGetValue(row.OrganizationId, out var list) ? list : result[row.OrganizationId] = []).Add(row.Alarm);
            }
        }

        return result;
    }

    private static bool IsSiteOutageCandidate(Alarm alarm) =>
        alarm.Type == AlarmType.Offline && alarm.IsActive && alarm.CausedByDeviceId is null && alarm.IncidentId is null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site outage incident {IncidentId} opened for organization {OrganizationId} with {AlarmCount} offline devices")]
    private partial void LogIncidentOpened(long incidentId, long organizationId, int alarmCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} of organization {OrganizationId} ended: its {AlarmCount} alarms are resolved or closed")]
    private partial void LogIncidentEnded(long incidentId, long organizationId, int alarmCount);
}
