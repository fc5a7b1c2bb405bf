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
    /// enough devices of the site went offline within the window. Saves the context when it creates an incident.
    /// </summary>
    public async Task GroupSiteOutagesAsync(WatchkeeperDbContext db, IEnumerable<Alarm> opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value.SiteOutage;
        var bySite = opened
            .Where(IsSiteOutageCandidate)
            .Select(a => (Alarm: a, Site: directory.Find(a.DeviceId)?.OrganizationId))
            .Where(x => x.Site is not null)
            .GroupBy(x => x.Site!.Value, x => x.Alarm);

        foreach (var site in bySite)
        {
            var incident = await db.AlarmIncidents.IgnoreOrganizationScope()
                .FirstOrDefaultAsync(i => i.OrganizationId == site.Key && i.Kind == AlarmIncidentKind.SiteOutage && i.EndedAt == null, cancellationToken);
            var members = site.ToList();
            if (incident is null)
            {
                var cutoff = now.AddSeconds(-Math.Max(1, settings.WindowSeconds));
                var earlier = await (from a in db.Alarms.IgnoreOrganizationScope()
                                     join d in db.Devices.IgnoreOrganizationScope() on a.DeviceId equals d.Id
                                     where d.OrganizationId == site.Key && a.Type == AlarmType.Offline && a.ResolvedAt == null
                                           && a.State != AlarmState.Closed && a.CausedByDeviceId == null && a.IncidentId == null
                                           && a.FirstSeenAt >= cutoff
                                     select a).ToListAsync(cancellationToken);
                members.AddRange(earlier.Where(a => !members.Contains(a)));
                if (members.Select(a => a.DeviceId).Distinct().Count() < Math.Max(2, settings.MinDevices))
                {
                    continue;
                }

                var siteName = await db.Organizations.IgnoreOrganizationScope().Where(o => o.Id == site.Key).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
                incident = new AlarmIncident
                {
                    Kind = AlarmIncidentKind.SiteOutage,
                    OrganizationId = site.Key,
                    Title = $"{siteName}：多台设备同时离线 / Site outage at {siteName}",
                    OpenedAt = now,
                };
                db.AlarmIncidents.Add(incident);
                await db.SaveChangesAsync(cancellationToken);
                LogIncidentOpened(incident.Id, site.Key, members.Count);
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

    private static bool IsSiteOutageCandidate(Alarm alarm) =>
        alarm.Type == AlarmType.Offline && alarm.IsActive && alarm.CausedByDeviceId is null && alarm.IncidentId is null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site outage incident {IncidentId} opened for organization {OrganizationId} with {AlarmCount} offline devices")]
    private partial void LogIncidentOpened(long incidentId, long organizationId, int alarmCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} of organization {OrganizationId} ended: its {AlarmCount} alarms are resolved or closed")]
    private partial void LogIncidentEnded(long incidentId, long organizationId, int alarmCount);
}
