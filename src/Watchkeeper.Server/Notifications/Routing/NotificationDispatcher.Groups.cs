using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

public sealed partial class NotificationDispatcher
{
    /// <summary>
    /// Sends the groups whose due time passed: a firing message when alarms joined since the last message, a repeat
    /// when only old alarms still fire and the repeat interval passed. Each message lists all the group's firing alarms.
    /// </summary>
    private async Task<int> SendDueGroupsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var groups = await db.NotificationGroups.Include(g => g.Alarms).Where(g => g.DueAt != null && g.DueAt <= now)
            .OrderBy(g => g.DueAt).Take(BatchSize).ToListAsync(cancellationToken);
        if (groups.Count == 0)
        {
            return 0;
        }

        var alarmIds = groups.SelectMany(g => g.Alarms.Select(m => m.AlarmId)).Distinct().ToList();
        var ruleIds = groups.Select(g => g.RuleId).Distinct().ToList();
        var channelIds = groups.Select(g => g.ChannelId).Distinct().ToList();
        var alarms = (await ChunkedQuery.ToListAsync(alarmIds, chunk => db.Alarms.Where(a => chunk.Contains(a.Id)), cancellationToken)).ToDictionary(a => a.Id);
        var rules = await db.NotificationRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var channels = await db.NotificationChannels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var devices = await AlarmRoutingData.DevicesAsync(db, alarms.Values.Select(a => a.DeviceId), cancellationToken);
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var calendars = await CalendarsAsync(db, cancellationToken);
        var snapshot = await suppressions.SnapshotAsync(now, cancellationToken);

        foreach (var group in groups)
        {
            try
            {
                await SendGroupAsync(db, group, rules.GetValueOrDefault(group.RuleId), channels.GetValueOrDefault(group.ChannelId), alarms, devices, tree,
                    calendars, snapshot, now, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogGroupFailed(exception, group.Id, group.RuleId);
                group.DueAt = now + HeldRecheck;
            }
        }

        await TrackedBatchWriter.SaveInTransactionAsync(db, [typeof(NotificationGroup), typeof(NotificationGroupAlarm), typeof(Alarm), typeof(AlarmActivity)],
            cancellationToken);
        return groups.Count;
    }

    private async Task SendGroupAsync(WatchkeeperDbContext db, NotificationGroup group, NotificationRule? rule, NotificationChannel? channel,
        IReadOnlyDictionary<long, Alarm> alarms, IReadOnlyDictionary<long, RoutedDevice> devices, OrganizationTree tree, CalendarBook calendars,
        ISuppressionSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rule is null || !rule.Enabled || channel is null)
        {
            db.NotificationGroups.Remove(group);
            return;
        }

        var zone = calendars.Get(rule.CalendarId).TimeZone;
        var quiet = rule.QuietHours is { } range && range.Contains(now, zone) ? range : (Core.Calendars.DailyTimeRange?)null;
        var sendable = new List<(NotificationGroupAlarm Member, Alarm Alarm)>();
        var held = false;
        var deferred = false;
        foreach (var member in group.Alarms.ToList())
        {
            if (!alarms.TryGetValue(member.AlarmId, out var alarm) || !alarm.IsActive || !devices.TryGetValue(alarm.DeviceId, out var device))
            {
                // Resolved or closed: the resolved notice goes to whoever received a message, independent of the group.
                group.Alarms.Remove(member);
                db.NotificationGroupAlarms.Remove(member);
            }
            else if (alarm.Suppression is not null || alarm.IsFlapping || snapshot.Match(AlarmRoutingData.MatchSubject(alarm, device), now) is not null)
            {
                held = true;
            }
            else if (quiet is not null && alarm.Severity != AlarmSeverity.Critical)
            {
                deferred = true;
            }
            else
            {
                sendable.Add((member, alarm));
            }
        }

        NotificationKind? kind = sendable.Any(s => s.Member.NotifiedAt is null) ? NotificationKind.Firing
            : sendable.Count > 0 && group.LastSentAt is { } last && rule.Timing.RepeatDue(now, last) ? NotificationKind.Repeat
            : null;
        if (kind is { } messageKind && channel.Enabled)
        {
            var sent = sendable.Select(s => s.Alarm).ToList();
            var items = await AlarmRoutingData.ItemsAsync(db, sent, devices, tree, cancellationToken);
            var organizationIds = sent.Select(a => devices[a.DeviceId].OrganizationId).Distinct().ToList();
            var plan = new SendPlan(messageKind, [channel], new Audience(rule.UserIds, rule.GroupIds, rule.DutyRoster), organizationIds,
                [.. sent.Select(a => items[a.Id])], rule.Id, now);
            var requests = await sender.SendAsync(db, plan, cancellationToken);
            NotificationSender.RecordOn(sent, requests, new Dictionary<long, NotificationChannel> { [channel.Id] = channel }, now);
            foreach (var (member, _) in sendable)
            {
                member.NotifiedAt ??= now;
            }

            group.LastSentAt = now;
            LogGroupSent(group.Id, rule.Id, messageKind, sent.Count, requests.Count);
        }

        if (group.Alarms.Count == 0)
        {
            db.NotificationGroups.Remove(group);
            return;
        }

        group.DueAt = NextDue(group, rule, deferred && quiet is { } q ? q.NextEnd(now, zone) : null, held, sendable.Count > 0, now);
    }

    /// <summary>The earliest of: the end of quiet hours for deferred alarms, a recheck for held ones, and the next repeat.</summary>
    private DateTimeOffset? NextDue(NotificationGroup group, NotificationRule rule, DateTimeOffset? quietEnd, bool held, bool firing, DateTimeOffset now)
    {
        var candidates = new List<DateTimeOffset>();
        if (quietEnd is { } end)
        {
            candidates.Add(end);
        }

        if (held)
        {
            candidates.Add(now + HeldRecheck);
        }

        if (firing && group.LastSentAt is { } last)
        {
            candidates.Add(last + rule.Timing.RepeatInterval);
        }

        return candidates.Count == 0 ? null : candidates.Min();
    }
}
