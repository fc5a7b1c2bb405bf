using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

public sealed partial class NotificationDispatcher
{
    /// <summary>
    /// Puts a batch of alarms that fire, are neither suppressed nor flapping, and have not been routed (or reopened
    /// after their resolved notice) into the groups of the rules they match, and starts their escalation.
    /// </summary>
    private async Task<int> RouteFiringAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var alarms = await (
                from alarm in db.Alarms.AsNoTracking()
                where (alarm.State == AlarmState.Open || alarm.State == AlarmState.Acknowledged) && alarm.Suppression == null && !alarm.IsFlapping
                join state in db.AlarmRoutingStates on alarm.Id equals state.AlarmId into routed
                from state in routed.DefaultIfEmpty()
                where state == null || state.FiringRoutedAt == null || state.ResolvedRoutedAt != null
                orderby alarm.Id
                select alarm)
            .Take(BatchSize).ToListAsync(cancellationToken);
        if (alarms.Count == 0)
        {
            return 0;
        }

        var ids = alarms.Select(a => a.Id).ToList();
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var devices = await AlarmRoutingData.DevicesAsync(db, alarms.Select(a => a.DeviceId), cancellationToken);
        var rules = await db.NotificationRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var policies = await db.EscalationPolicies.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        var calendars = await CalendarsAsync(db, cancellationToken);
        var states = (await ChunkedQuery.ToListAsync(ids, chunk => db.AlarmRoutingStates.Where(s => chunk.Contains(s.AlarmId)), cancellationToken))
            .ToDictionary(s => s.AlarmId);
        var members = (await ChunkedQuery.ToListAsync(ids, chunk => db.NotificationGroupAlarms.Where(m => chunk.Contains(m.AlarmId))
                .Select(m => new { m.GroupId, m.AlarmId }), cancellationToken))
            .Select(m => (m.GroupId, m.AlarmId)).ToHashSet();

        // Which rules and group keys each alarm lands in.
        var placements = new List<(Alarm Alarm, NotificationRule Rule, string Key)>();
        foreach (var alarm in alarms)
        {
            if (!devices.TryGetValue(alarm.DeviceId, out var device))
            {
                continue;
            }

            var subject = AlarmRoutingData.Subject(alarm, device, tree);
            foreach (var rule in rules)
            {
                if (!rule.Match.Matches(subject) || !InTime(rule, calendars, now))
                {
                    continue;
                }

                // NOTE: an alarm routed before the correlation puts it into its site-outage incident keeps its own
                // group. Only alarms that carry the incident when they are routed share the incident's message.
                placements.Add((alarm, rule, AlarmGroupKeys.For(subject, rule.GroupBy)));
                if (!rule.Continue)
                {
                    break;
                }
            }
        }

        var groups = await GroupsForAsync(db, placements.Select(p => (p.Rule, p.Key)).ToList(), cancellationToken);
        foreach (var (alarm, rule, key) in placements)
        {
            foreach (var channelId in rule.ChannelIds)
            {
                var group = groups.GetValueOrDefault((rule.Id, channelId, key));
                if (group is null)
                {
                    group = new NotificationGroup { RuleId = rule.Id, ChannelId = channelId, GroupKey = key, CreatedAt = now };
                    groups[(rule.Id, channelId, key)] = group;
                    db.NotificationGroups.Add(group);
                }

                group.DueAt = rule.Timing.DueAfterJoin(now, group.DueAt, group.LastSentAt);
                if (group.Id == 0 || !members.Contains((group.Id, alarm.Id)))
                {
                    group.Alarms.Add(new NotificationGroupAlarm { AlarmId = alarm.Id, JoinedAt = now });
                }
            }
        }

        // The first matching rule with an escalation policy escalates the alarm.
        var escalatingRules = placements
            .Where(p => p.Rule.EscalationPolicyId is not null)
            .GroupBy(p => p.Alarm.Id)
            .ToDictionary(g => g.Key, g => g.First().Rule);
        foreach (var alarm in alarms)
        {
            if (!states.TryGetValue(alarm.Id, out var state))
            {
                state = new AlarmRoutingState { AlarmId = alarm.Id };
                db.AlarmRoutingStates.Add(state);
            }

            state.FiringRoutedAt = now;
            state.ResolvedRoutedAt = null;
            var escalating = escalatingRules.GetValueOrDefault(alarm.Id);
            StartEscalation(state, escalating, escalating?.EscalationPolicyId is { } policyId ? policies.GetValueOrDefault(policyId) : null, calendars, now);
        }

        await TrackedBatchWriter.SaveInTransactionAsync(db, [typeof(NotificationGroup), typeof(NotificationGroupAlarm), typeof(AlarmRoutingState)],
            cancellationToken);
        return alarms.Count;
    }

    private static bool InTime(NotificationRule rule, CalendarBook calendars, DateTimeOffset now) => rule.TimeCondition switch
    {
        RouteTimeCondition.BusinessHours => calendars.Get(rule.CalendarId).IsWorkingTime(now),
        RouteTimeCondition.OutsideBusinessHours => !calendars.Get(rule.CalendarId).IsWorkingTime(now),
        _ => true,
    };

    private static void StartEscalation(AlarmRoutingState state, NotificationRule? rule, EscalationPolicy? policy, CalendarBook calendars, DateTimeOffset now)
    {
        if (rule is null || policy is null || policy.Steps.Count == 0)
        {
            state.EscalationRuleId = null;
            state.EscalationPolicyId = null;
            state.EscalationStartedAt = null;
            state.NextEscalationStep = 0;
            state.NextEscalationAt = null;
            return;
        }

        state.EscalationRuleId = rule.Id;
        state.EscalationPolicyId = policy.Id;
        state.EscalationStartedAt = now;
        state.NextEscalationStep = 1;
        state.NextEscalationAt = EscalationSchedule.DueAt(policy.Steps, 1, now, policy.UseWorkingTime ? calendars.Get(policy.CalendarId) : null);
    }

    /// <summary>Loads the existing groups for the (rule, group key) pairs, keyed by rule, channel and group key.</summary>
    private static async Task<Dictionary<(long RuleId, long ChannelId, string Key), NotificationGroup>> GroupsForAsync(WatchkeeperDbContext db,
        IReadOnlyList<(NotificationRule Rule, string Key)> wanted, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<(long, long, string), NotificationGroup>();
        if (wanted.Count == 0)
        {
            return groups;
        }

        var ruleIds = wanted.Select(w => w.Rule.Id).Distinct().ToList();
        var keys = wanted.Select(w => w.Key).Distinct().ToList();
        var found = await db.NotificationGroups.Where(g => ruleIds.Contains(g.RuleId) && keys.Contains(g.GroupKey)).ToListAsync(cancellationToken);
        foreach (var group in found)
        {
            groups[(group.RuleId, group.ChannelId, group.GroupKey)] = group;
        }

        return groups;
    }
}
