using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

public sealed partial class NotificationDispatcher
{
    /// <summary>
    /// Sends the resolved notice for alarms that resolved or were closed since they were routed. It goes to every
    /// receiver (channel, recipient, address) of a firing, repeat or escalation message about them in the delivery log,
    /// even if the alarm was silenced or windowed meanwhile. One message per receiver lists all its alarms, and a
    /// flapping alarm waits until it settles.
    /// </summary>
    private async Task<int> SendResolvedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var pairs = await (
                from state in db.AlarmRoutingStates
                join alarm in db.Alarms on state.AlarmId equals alarm.Id
                where state.FiringRoutedAt != null && state.ResolvedRoutedAt == null
                      && (alarm.ResolvedAt != null || alarm.State == AlarmState.Closed) && !alarm.IsFlapping
                orderby state.AlarmId
                select new { State = state, Alarm = alarm })
            .Take(BatchSize).ToListAsync(cancellationToken);
        if (pairs.Count == 0)
        {
            return 0;
        }

        var alarms = pairs.ToDictionary(p => p.Alarm.Id, p => p.Alarm);
        var ids = alarms.Keys.ToList();
        var received = await ChunkedQuery.ToListAsync(ids, chunk => (
                from link in db.NotificationDeliveryAlarms
                join delivery in db.NotificationDeliveries on link.DeliveryId equals delivery.Id
                where chunk.Contains(link.AlarmId) && delivery.Kind != NotificationKind.Resolved && delivery.Kind != NotificationKind.Test
                select new { link.AlarmId, delivery.ChannelId, delivery.Recipient, delivery.Address, delivery.RuleId })
            .Distinct(), cancellationToken);

        if (received.Count > 0)
        {
            var channelIds = received.Select(r => r.ChannelId).Distinct().ToList();
            var channels = await db.NotificationChannels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
            var devices = await AlarmRoutingData.DevicesAsync(db, alarms.Values.Select(a => a.DeviceId), cancellationToken);
            var tree = await organizations.GetTreeAsync(cancellationToken);
            var items = await AlarmRoutingData.ItemsAsync(db, alarms.Values.ToList(), devices, tree, cancellationToken);
            var sentCount = 0;
            foreach (var receiver in received.GroupBy(r => (r.ChannelId, r.Recipient, r.Address)))
            {
                if (!channels.TryGetValue(receiver.Key.ChannelId, out var channel))
                {
                    continue;
                }

                var about = receiver.Select(r => r.AlarmId).Distinct().Order().ToList();
                var plan = new SendPlan(NotificationKind.Resolved, [channel], new Audience([], [], false), [], [.. about.Select(id => items[id])],
                    receiver.Select(r => r.RuleId).FirstOrDefault(id => id is not null), now);
                var requests = await sender.SendToAsync(plan, [(channel, receiver.Key.Recipient, receiver.Key.Address)], cancellationToken);
                NotificationSender.RecordOn(about.Select(id => alarms[id]), requests, channels, now);
                sentCount += requests.Count;
            }

            LogResolvedSent(ids.Count, sentCount);
        }

        foreach (var pair in pairs)
        {
            pair.State.ResolvedRoutedAt = now;
            pair.State.NextEscalationAt = null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.NotificationGroupAlarms.Where(m => ids.Contains(m.AlarmId)).ExecuteDeleteAsync(cancellationToken);
        await TrackedBatchWriter.For(db).SaveAsync([typeof(AlarmRoutingState), typeof(Alarm), typeof(AlarmActivity)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pairs.Count;
    }
}
