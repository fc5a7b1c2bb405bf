using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;

namespace Watchkeeper.Server.Alarms;

/// <summary>An alarm linked by hand to the alarm being read, with who linked it and why.</summary>
public sealed record AlarmLinkResponse(long LinkId, AlarmResponse Alarm, string Note, string CreatedBy, DateTimeOffset CreatedAt);

public sealed record AlarmIncidentResponse(long Id, AlarmIncidentKind Kind, string Title, DateTimeOffset OpenedAt, DateTimeOffset? EndedAt, int AlarmCount);

/// <summary>The alarms related to one alarm through the topology, an incident or a manual link.</summary>
/// <param name="Root">The parent device's Offline alarm, when the alarm is a consequence of it.</param>
/// <param name="Consequences">For a root alarm, the child alarms attributed to its device while it was active, at most <see cref="AlarmDetailQueries.MaxRelated"/>.</param>
/// <param name="ConsequenceCount">How many consequences there are in all.</param>
/// <param name="IncidentAlarms">The incident's other alarms, at most <see cref="AlarmDetailQueries.MaxRelated"/>.</param>
public sealed record AlarmCorrelation(
    AlarmResponse? Root,
    IReadOnlyList<AlarmResponse> Consequences,
    int ConsequenceCount,
    AlarmIncidentResponse? Incident,
    IReadOnlyList<AlarmResponse> IncidentAlarms,
    int IncidentAlarmCount,
    IReadOnlyList<AlarmLinkResponse> Links);

/// <summary>A notification sent (or being sent) about an alarm, as the alarm page lists it.</summary>
public sealed record AlarmDeliveryResponse(
    long Id,
    string ChannelName,
    NotificationChannelKind ChannelKind,
    NotificationKind Kind,
    string Recipient,
    DeliveryStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt);

/// <summary>
/// What the alarm page shows besides the alarm and its history: correlated alarms, manual links and deliveries.
/// Every query runs under the organization scope, so alarms of other organizations are left out.
/// </summary>
public sealed class AlarmDetailQueries(WatchkeeperDbContext db, AlarmQueries alarms)
{
    /// <summary>Related alarms listed per group. A site outage can have thousands, which the alarm list shows filtered.</summary>
    public const int MaxRelated = 50;

    /// <summary>Deliveries listed on the alarm page, newest first. The delivery log shows all of them.</summary>
    public const int MaxDeliveries = 200;

    public async Task<AlarmCorrelation> CorrelationAsync(AlarmResponse alarm, CancellationToken cancellationToken)
    {
        AlarmResponse? root = null;
        if (alarm.CausedByDeviceId is { } parentId)
        {
            var lastSeen = alarm.LastSeenAt;
            var roots = await alarms.ListWhereAsync(a => a.DeviceId == parentId && a.Type == AlarmType.Offline && a.CausedByDeviceId == null
                && a.FirstSeenAt <= lastSeen, 1, cancellationToken);
            root = roots.Items.FirstOrDefault();
        }

        var consequences = new AlarmPage([], 1, MaxRelated, 0);
        if (alarm.Type == AlarmType.Offline && alarm.CausedByDeviceId is null)
        {
            // A consequence is a child alarm attributed to this device while both faults were present.
            var (deviceId, from) = (alarm.DeviceId, alarm.FirstSeenAt);
            consequences = alarm.ResolvedAt is { } until
                ? await alarms.ListWhereAsync(a => a.CausedByDeviceId == deviceId && a.FirstSeenAt <= until
                    && (a.ResolvedAt == null || a.ResolvedAt >= from), MaxRelated, cancellationToken)
                : await alarms.ListWhereAsync(a => a.CausedByDeviceId == deviceId
                    && (a.ResolvedAt == null || a.ResolvedAt >= from), MaxRelated, cancellationToken);
        }

        AlarmIncidentResponse? incident = null;
        var incidentAlarms = new AlarmPage([], 1, MaxRelated, 0);
        if (alarm.IncidentId is { } incidentId)
        {
            incident = await db.AlarmIncidents.AsNoTracking().Where(i => i.Id == incidentId)
                .Select(i => new AlarmIncidentResponse(i.Id, i.Kind, i.Title, i.OpenedAt, i.EndedAt, i.AlarmCount))
                .FirstOrDefaultAsync(cancellationToken);
            var id = alarm.Id;
            incidentAlarms = await alarms.ListWhereAsync(a => a.IncidentId == incidentId && a.Id != id, MaxRelated, cancellationToken);
        }

        var links = await LinksAsync(alarm.Id, cancellationToken);
        return new AlarmCorrelation(root, consequences.Items, consequences.TotalCount, incident, incidentAlarms.Items, incidentAlarms.TotalCount, links);
    }

    /// <summary>Returns the alarms linked to <paramref name="alarmId"/> by hand, in either direction, that the user may see.</summary>
    public async Task<IReadOnlyList<AlarmLinkResponse>> LinksAsync(long alarmId, CancellationToken cancellationToken)
    {
        var links = await db.AlarmLinks.AsNoTracking()
            .Where(l => l.AlarmId == alarmId || l.LinkedAlarmId == alarmId)
            .OrderBy(l => l.CreatedAt).ThenBy(l => l.Id)
            .ToListAsync(cancellationToken);
        if (links.Count == 0)
        {
            return [];
        }

        var otherIds = links.Select(l => OtherOf(l, alarmId)).ToList();
        var others = (await alarms.ListWhereAsync(a => otherIds.Contains(a.Id), otherIds.Count, cancellationToken)).Items.ToDictionary(a => a.Id);
        return
        [
            .. links.Where(l => others.ContainsKey(OtherOf(l, alarmId)))
                .Select(l => new AlarmLinkResponse(l.Id, others[OtherOf(l, alarmId)], l.Note, l.CreatedBy, l.CreatedAt)),
        ];
    }

    /// <summary>Returns the deliveries that reported <paramref name="alarmId"/>, newest first.</summary>
    public async Task<IReadOnlyList<AlarmDeliveryResponse>> DeliveriesAsync(long alarmId, CancellationToken cancellationToken) =>
        await (from link in db.NotificationDeliveryAlarms.AsNoTracking()
               where link.AlarmId == alarmId
               join delivery in db.NotificationDeliveries.AsNoTracking() on link.DeliveryId equals delivery.Id
               join channel in db.NotificationChannels.AsNoTracking() on delivery.ChannelId equals channel.Id
               orderby delivery.CreatedAt descending, delivery.Id descending
               select new AlarmDeliveryResponse(delivery.Id, channel.Name, channel.Kind, delivery.Kind, delivery.Recipient, delivery.Status,
                   delivery.Attempts, delivery.LastError, delivery.CreatedAt, delivery.SentAt))
            .Take(MaxDeliveries)
            .ToListAsync(cancellationToken);

    private static long OtherOf(AlarmLink link, long alarmId) => link.AlarmId == alarmId ? link.LinkedAlarmId : link.AlarmId;
}
