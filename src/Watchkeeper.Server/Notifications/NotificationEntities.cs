namespace Watchkeeper.Server.Notifications;

public enum NotificationChannelKind
{
    Email,
    DingTalk,
    WeCom,
    Feishu,
    Sms,
    Webhook,
}

/// <summary>The purpose of a notification.</summary>
public enum NotificationKind
{
    /// <summary>Alarms that opened (or a group of them).</summary>
    Firing,

    /// <summary>Alarms reported to the receiver earlier have resolved.</summary>
    Resolved,

    /// <summary>An escalation step for alarms that were not acknowledged in time.</summary>
    Escalation,

    /// <summary>The repeat of a still-firing group after its repeat interval.</summary>
    Repeat,

    /// <summary>The "send test" button of a channel.</summary>
    Test,

    /// <summary>A ticket's SLA warning, breach or escalation step.</summary>
    Ticket,

    /// <summary>A change's advance notice, correction, extension or cancellation, or an escalation of it.</summary>
    Change,
}

public enum DeliveryStatus
{
    /// <summary>Queued until <see cref="NotificationDelivery.NextAttemptAt"/>, the time of the next attempt.</summary>
    Pending,
    Sent,

    /// <summary>Every attempt failed, and <see cref="NotificationDelivery.LastError"/> contains the last error.</summary>
    Failed,
}

/// <summary>A configured way of reaching people: an SMTP server, a robot of a chat group, an SMS gateway, a webhook.</summary>
public sealed class NotificationChannel
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public NotificationChannelKind Kind { get; set; }

    /// <summary>The kind's settings as JSON, protected with ASP.NET Core Data Protection because they hold secrets.</summary>
    public string ProtectedSettings { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>At most this many messages a minute leave through the channel; the rest wait their turn.</summary>
    public int RateLimitPerMinute { get; set; } = 60;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One message to one receiver through one channel, with its attempts: the delivery log.</summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }

    public long ChannelId { get; set; }

    public NotificationKind Kind { get; set; }

    /// <summary>Who the message is for, as shown in the log: a user's name, a duty roster, a group, or the channel itself.</summary>
    public string Recipient { get; set; } = "";

    /// <summary>The address within the channel (an e-mail address, a mobile number to send or @mention); empty for a group robot or a webhook.</summary>
    public string Address { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Text { get; set; } = "";

    public string? Html { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>The routing rule that produced the message; null for tests and direct sends.</summary>
    public long? RuleId { get; set; }

    /// <summary>The alarms the message is about.</summary>
    public List<NotificationDeliveryAlarm> Alarms { get; set; } = [];
}

/// <summary>Links a delivery to one of the alarms it reports, so that an alarm's page lists the notifications sent for it.</summary>
public sealed class NotificationDeliveryAlarm
{
    public long DeliveryId { get; set; }

    public long AlarmId { get; set; }
}
