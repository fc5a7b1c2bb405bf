using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

// NOTE: the three classes below stand in for the channel outbox and templates and for the maintenance-window and
// silence matcher, which are built separately. They are registered with TryAdd, so the real implementations replace
// them once registered first; delete this file then.

/// <summary>Stores requests as pending deliveries with their alarms; the channel worker sends them.</summary>
internal sealed class InterimNotificationOutbox(IDbContextFactory<WatchkeeperDbContext> dbFactory, TimeProvider time) : INotificationOutbox
{
    public async Task<IReadOnlyList<long>> EnqueueAsync(IReadOnlyList<NotificationRequest> requests, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var deliveries = requests.Select(r => new NotificationDelivery
        {
            ChannelId = r.ChannelId,
            Kind = r.Kind,
            Recipient = r.Recipient,
            Address = r.Address,
            Subject = r.Message.Subject,
            Text = r.Message.Text,
            Html = r.Message.Html,
            Status = DeliveryStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
            RuleId = r.RuleId,
            Alarms = [.. r.AlarmIds.Distinct().Select(id => new NotificationDeliveryAlarm { AlarmId = id })],
        }).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.NotificationDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);
        return [.. deliveries.Select(d => d.Id)];
    }
}

/// <summary>Renders a plain bilingual message: a subject naming the kind and count, one line per alarm.</summary>
internal sealed class InterimNotificationTemplates : INotificationTemplates
{
    public Task<NotificationMessage> RenderAsync(NotificationChannelKind channel, AlarmNotificationModel model, CancellationToken cancellationToken = default)
    {
        var (chinese, english) = model.Kind switch
        {
            NotificationKind.Resolved => ("告警恢复", "Resolved"),
            NotificationKind.Escalation => ($"告警升级（第 {model.EscalationStep} 级）", $"Escalation step {model.EscalationStep}"),
            NotificationKind.Repeat => ("告警仍未恢复", "Still firing"),
            NotificationKind.Test => ("测试消息", "Test"),
            _ => ("告警", "Alarm"),
        };
        var subject = Bilingual.Join($"[{chinese}] {model.Alarms.Count} 条", $"[{english}] {model.Alarms.Count} alarm(s)");
        var text = new StringBuilder();
        foreach (var alarm in model.Alarms)
        {
            text.Append(CultureInfo.InvariantCulture, $"{alarm.Severity} {alarm.Type} {alarm.DeviceCode} {alarm.DeviceName} {alarm.OrganizationName} {alarm.Detail}");
            if (alarm.AffectedDeviceCount > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" — 影响 {alarm.AffectedDeviceCount} 台设备 / affects {alarm.AffectedDeviceCount} devices");
            }

            text.AppendLine();
        }

        return Task.FromResult(new NotificationMessage(subject, text.ToString()));
    }
}

/// <summary>Matches nothing, so only the suppression flag on the alarm itself keeps a notification back.</summary>
internal sealed class InterimAlarmSuppressions : IAlarmSuppressions, ISuppressionSnapshot
{
    public Task<ISuppressionSnapshot> SnapshotAsync(DateTimeOffset at, CancellationToken cancellationToken = default) => Task.FromResult<ISuppressionSnapshot>(this);

    public SuppressionMatch? Match(AlarmMatchSubject subject, DateTimeOffset at) => null;
}
