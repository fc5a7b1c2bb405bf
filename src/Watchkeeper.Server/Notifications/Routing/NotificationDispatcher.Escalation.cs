using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

public sealed partial class NotificationDispatcher
{
    /// <summary>
    /// Fires the escalation steps that are due. An acknowledged, closed or resolved alarm stops its escalation; a
    /// suppressed or flapping one is checked again later. Each step is recorded on the alarm.
    /// </summary>
    private async Task<int> EscalateDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var states = await db.AlarmRoutingStates.Where(s => s.NextEscalationAt != null && s.NextEscalationAt <= now)
            .OrderBy(s => s.NextEscalationAt).Take(BatchSize).ToListAsync(cancellationToken);
        if (states.Count == 0)
        {
            return 0;
        }

        var ids = states.Select(s => s.AlarmId).ToList();
        var alarms = await db.Alarms.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var policies = await db.EscalationPolicies.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        var rules = await db.NotificationRules.AsNoTracking().ToDictionaryAsync(r => r.Id, cancellationToken);
        var channels = await db.NotificationChannels.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var devices = await AlarmRoutingData.DevicesAsync(db, alarms.Values.Select(a => a.DeviceId), cancellationToken);
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var calendars = await CalendarsAsync(db, cancellationToken);

        foreach (var state in states)
        {
            var alarm = alarms.GetValueOrDefault(state.AlarmId);
            var policy = state.EscalationPolicyId is { } policyId ? policies.GetValueOrDefault(policyId) : null;
            if (alarm is null || alarm.State != AlarmState.Open || policy is null || state.NextEscalationStep < 1 || state.NextEscalationStep > policy.Steps.Count)
            {
                state.NextEscalationAt = null;
                continue;
            }

            if (alarm.Suppression is not null || alarm.IsFlapping || !devices.TryGetValue(alarm.DeviceId, out var device))
            {
                state.NextEscalationAt = now + HeldRecheck;
                continue;
            }

            try
            {
                var stepNumber = state.NextEscalationStep;
                var step = policy.Steps[stepNumber - 1];
                var rule = state.EscalationRuleId is { } ruleId ? rules.GetValueOrDefault(ruleId) : null;
                var stepChannels = (step.ChannelIds.Count > 0 ? step.ChannelIds : rule?.ChannelIds ?? []).Select(channels.GetValueOrDefault)
                    .OfType<NotificationChannel>().ToList();
                var items = await AlarmRoutingData.ItemsAsync(db, [alarm], devices, tree, cancellationToken);
                var audience = new Audience(step.UserIds, step.GroupIds, step.DutyRosterLeader, DutyRosterLeadersOnly: true);
                var plan = new SendPlan(NotificationKind.Escalation, stepChannels, audience, [device.OrganizationId], [items[alarm.Id]], rule?.Id, now, stepNumber);
                var requests = await sender.SendAsync(db, plan, cancellationToken);
                alarm.RecordEscalation(stepNumber, now, $"step {stepNumber} ({step.AfterMinutes} min): "
                    + string.Join(", ", requests.Select(r => r.Recipient).Distinct()));
                NotificationSender.RecordOn([alarm], requests, channels, now);

                state.NextEscalationStep = stepNumber + 1;
                state.NextEscalationAt = EscalationSchedule.DueAt(policy.Steps, stepNumber + 1, state.EscalationStartedAt ?? now,
                    policy.UseWorkingTime ? calendars.Get(policy.CalendarId) : null);
                LogEscalated(alarm.Id, stepNumber, requests.Count);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogEscalationFailed(exception, alarm.Id);
                state.NextEscalationAt = now + HeldRecheck;
            }
        }

        await TrackedBatchWriter.SaveInTransactionAsync(db, [typeof(AlarmRoutingState), typeof(Alarm), typeof(AlarmActivity)], cancellationToken);
        return states.Count;
    }
}
