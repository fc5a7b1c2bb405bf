using Watchkeeper.Core.Alarms;

namespace Watchkeeper.Server.Notifications;

/// <summary>A rendered message: a subject, a plain-text body and, for e-mail, an HTML body.</summary>
public sealed record NotificationMessage(string Subject, string Text, string? Html = null);

/// <summary>A message to queue for one receiver on one channel.</summary>
/// <param name="Recipient">Who it is for, as the delivery log shows it.</param>
/// <param name="Address">The address within the channel (e-mail, mobile); empty for a group robot or a webhook.</param>
public sealed record NotificationRequest(
    long ChannelId,
    NotificationKind Kind,
    string Recipient,
    string Address,
    NotificationMessage Message,
    IReadOnlyList<long> AlarmIds,
    long? RuleId = null);

/// <summary>
/// The durable queue in front of the channels: requests are stored as deliveries and sent by a background worker
/// with retries, backoff and each channel's rate limit.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>Stores the requests as pending deliveries and returns their ids in order.</summary>
    Task<IReadOnlyList<long>> EnqueueAsync(IReadOnlyList<NotificationRequest> requests, CancellationToken cancellationToken = default);
}

/// <summary>One alarm as a template shows it.</summary>
public sealed record AlarmNotificationItem(
    long AlarmId,
    string DeviceCode,
    string DeviceName,
    string OrganizationName,
    AlarmType Type,
    string Subject,
    AlarmSeverity Severity,
    AlarmState State,
    string Detail,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset? ResolvedAt,
    int AffectedDeviceCount);

/// <summary>What a template renders: the kind of message, its alarms and its receiver.</summary>
public sealed record AlarmNotificationModel(
    NotificationKind Kind,
    IReadOnlyList<AlarmNotificationItem> Alarms,
    string ReceiverName,
    int EscalationStep = 0);

/// <summary>The editable message templates, with Chinese and English defaults.</summary>
public interface INotificationTemplates
{
    Task<NotificationMessage> RenderAsync(NotificationChannelKind channel, AlarmNotificationModel model, CancellationToken cancellationToken = default);
}
